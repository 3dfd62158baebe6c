"""`qingqian hook install`: a Git pre-commit hook without the pre-commit framework.

The hook calls the Python that installed it by its absolute path, so a commit made from
a shell (or an editor) without the virtual environment on PATH is still checked. Where
that Python is gone it falls back to `qingqian` on PATH, and else refuses the commit with
a message that says what to do, never a bare "command not found".
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from .run import GitProblem, run

MARK = "# qingqian pre-commit hook (qingqian hook install)"

TEMPLATE = """#!/bin/sh
{mark}
# Refuses a commit whose staged ledger breaks a rule, the history rules (H) against HEAD
# included. Skip it once with `git commit --no-verify` (CI still checks the push).
cd {root} || exit 1
py={python}
if [ -x "$py" ] && "$py" -c 'import qingqian' >/dev/null 2>&1; then
  exec "$py" -m qingqian check --staged
fi
if command -v qingqian >/dev/null 2>&1; then
  exec qingqian check --staged
fi
echo "qingqian: 找不到 qingqian：安装钩子的 Python ($py) 已不可用，PATH 上也没有 qingqian。" >&2
echo "  请激活虚拟环境或 pip install qingqian，然后重新运行 qingqian hook install。" >&2
echo "qingqian: not found: the Python that installed this hook ($py) is gone and qingqian is" >&2
echo "  not on PATH; activate the venv or pip install qingqian, then run qingqian hook install." >&2
exit 1
"""


class HookProblem(Exception):
    """The hook cannot be installed: not a Git repository, or another hook is in the way."""


def hook_path(root: Path) -> Path:
    """Where Git looks for the pre-commit hook (core.hooksPath, worktrees and all)."""
    try:
        out = run(root, "rev-parse", "--git-path", "hooks")
    except GitProblem as exc:
        raise HookProblem(str(exc)) from None
    return (Path(root) / (out or b"").decode().strip()).resolve() / "pre-commit"


def script(root: Path, python: str = sys.executable) -> str:
    """The hook's text: enter the ledger root (hooks run at the work tree's top), then check."""
    prefix = (run(root, "rev-parse", "--show-prefix") or b"").decode().strip()
    return TEMPLATE.format(mark=MARK, root=shlex.quote("./" + prefix), python=shlex.quote(python))


def install(root: Path, force: bool = False) -> Path:
    """Write the hook (mode 0755); another tool's hook is kept unless `force`."""
    path = hook_path(root)
    theirs = path.exists() and MARK not in path.read_text(encoding="utf-8", errors="replace")
    if theirs and not force:
        raise HookProblem(f"{path} exists and is not qingqian's; add `qingqian check --staged` "
                          "to it, or pass --force to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".qingqian-tmp")
    temp.write_text(script(root), encoding="utf-8")
    temp.chmod(0o755)
    os.replace(temp, path)
    return path


def uninstall(root: Path) -> Path | None:
    """Remove the hook if it is qingqian's; another tool's hook is left alone."""
    path = hook_path(root)
    if path.exists() and MARK in path.read_text(encoding="utf-8", errors="replace"):
        path.unlink()
        return path
    return None
