"""The one runner for `git` subprocesses: arguments as a list, never a shell.

Every call runs `git -C ROOT …` with `GIT_OPTIONAL_LOCKS=0` (a check never rewrites the
index). Revisions are validated before they reach Git (`revision`) and paths always follow
a `--`. Output is read with `communicate`, which drains stdout and stderr together, so a
large listing never deadlocks; `start` runs a command beside the caller and `finish`
collects it. Blob contents come through one `git cat-file --batch` process (`Blobs`).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Self

LEDGER_TOPS = ("ledger", "cases", "policies")
_BATCH = 256  # shas per write to `cat-file --batch`: 10 KiB, well under a pipe's 64 KiB
_REVISION = re.compile(r"^[\w./@{}~^:+-]+$")


class GitProblem(Exception):
    """Git cannot answer: not a repository, an unknown revision, no commit on a date."""


def _env() -> dict[str, str]:
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}


def revision(text: str) -> str:
    """`text` if it can only be read as a revision (no option, no space, no control character)."""
    text = text.strip()
    if not text or text.startswith("-") or not _REVISION.match(text) or ".." in text.strip("."):
        raise GitProblem(f"`{text}` is not a revision")
    return text


def command(root: Path, args: Iterable[str], paths: Iterable[str] | None = None) -> list[str]:
    """The argument list: `git -C ROOT ARGS [-- PATHS]`."""
    return ["git", "-C", str(root), *args, *(("--", *paths) if paths is not None else ())]


def run(
    root: Path, *args: str, paths: Iterable[str] | None = None, check: bool = True
) -> bytes | None:
    """Git's standard output; GitProblem on failure (None instead when `check` is false)."""
    try:
        done = subprocess.run(
            command(root, args, paths),
            capture_output=True,
            stdin=subprocess.DEVNULL,
            env=_env(),
            check=False,
        )
    except OSError as exc:
        raise GitProblem(f"git cannot run: {exc}") from None
    if done.returncode == 0:
        return done.stdout
    if not check:
        return None
    message = done.stderr.decode("utf-8", "replace").strip().splitlines()
    if message and "not a git repository" in message[-1]:
        raise GitProblem(f"{Path(root).resolve()} is not inside a Git repository")
    raise GitProblem(f"git {args[0]} failed: {message[-1] if message else done.returncode}")


def start(root: Path, *args: str, paths: Iterable[str] | None = None) -> subprocess.Popen | None:
    """A command running beside the caller (None when Git cannot start); see `finish`."""
    try:
        return subprocess.Popen(
            command(root, args, paths),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            env=_env(),
        )
    except OSError:
        return None


def finish(proc: subprocess.Popen | None) -> bytes | None:
    """The output of a started command, or None when it failed."""
    if proc is None:
        return None
    try:
        out, _ = proc.communicate(timeout=120)
    except subprocess.SubprocessError:
        proc.kill()
        proc.communicate()
        return None
    return out if proc.returncode == 0 else None


class Blobs:
    """Blob contents by sha through one `git cat-file --batch` process, each read once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._seen: dict[str, bytes] = {}
        self._proc: subprocess.Popen | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._proc is not None:
            self._proc.stdin.close()  # type: ignore[union-attr]
            self._proc.wait()
            self._proc.stdout.close()  # type: ignore[union-attr]

    def read(self, shas: list[str]) -> dict[str, bytes]:
        todo = [sha for sha in dict.fromkeys(shas) if sha not in self._seen]
        # asked in batches small enough for the pipe: git blocks on its output until we read
        for begin in range(0, len(todo), _BATCH):
            batch = todo[begin : begin + _BATCH]
            proc = self._start()
            proc.stdin.write("".join(f"{sha}\n" for sha in batch).encode())  # type: ignore[union-attr]
            proc.stdin.flush()  # type: ignore[union-attr]
            for sha in batch:
                self._seen[sha] = self._next(proc, sha)
        return {sha: self._seen[sha] for sha in shas}

    def _start(self) -> subprocess.Popen:
        if self._proc is None:
            self._proc = subprocess.Popen(
                command(self.root, ["cat-file", "--batch"]),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_env(),
            )
        return self._proc

    @staticmethod
    def _next(proc: subprocess.Popen, sha: str) -> bytes:
        header = proc.stdout.readline().split()  # type: ignore[union-attr]
        if len(header) != 3:
            raise GitProblem(f"git cat-file: no object {sha}")
        data = proc.stdout.read(int(header[2]) + 1)  # type: ignore[union-attr]
        return data[:-1]


def locate(root: Path) -> tuple[Path, Path] | None:
    """The Git directory and the index file of the repository holding `root` (None outside Git)."""
    out = run(root, "rev-parse", "--absolute-git-dir", "--git-path", "index", check=False)
    lines = out.decode("utf-8", "surrogateescape").splitlines() if out else []
    if len(lines) != 2:
        return None
    return Path(lines[0]), root / lines[1]
