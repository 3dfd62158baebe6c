"""The pre-commit hook: this repository's config, the hook manifest, and a `qingqian init` ledger."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, receivable

pytest.importorskip("pre_commit", reason="pre-commit is in the test extra: pip install -e .[test]")

LEDGER_PARTS = ("ledger", "cases", "policies", "docs", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml")


def run(cmd: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess:
    """Offline: `language: system` finds qingqian beside this Python; pre-commit's cache in tmp."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home / "pre-commit-cache"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    env.pop("QINGQIAN_ROOT", None)
    return subprocess.run(cmd, check=False, cwd=cwd, env=env, capture_output=True, text=True)


def pre_commit(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "pre_commit", *args], cwd, home)


def git_repo(path: Path, home: Path) -> None:
    for cmd in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"],
                ["git", "commit", "-q", "-m", "start"]):
        assert run(cmd, path, home).returncode == 0


def test_manifest_and_configs_are_valid(tmp_path: Path) -> None:
    scaffold_config = ROOT / "tools/qingqian/scaffold/template/pre-commit-config.yaml"
    done = pre_commit(ROOT, tmp_path, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml"))
    assert done.returncode == 0, done.stdout + done.stderr
    done = pre_commit(ROOT, tmp_path, "validate-config", str(ROOT / ".pre-commit-config.yaml"),
                      str(scaffold_config))
    assert done.returncode == 0, done.stdout + done.stderr


def test_pre_commit_runs_on_this_repository(tmp_path: Path) -> None:
    repo = tmp_path / "demo"
    repo.mkdir()
    for part in LEDGER_PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, repo / part)
    git_repo(repo, tmp_path)
    done = pre_commit(repo, tmp_path, "run", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "qingqian check" in done.stdout and "Passed" in done.stdout


def test_pre_commit_in_an_init_ledger_stops_a_bad_commit(tmp_path: Path) -> None:
    repo = tmp_path / "new"
    done = run([sys.executable, "-m", "qingqian", "init", str(repo)], tmp_path, tmp_path)
    assert done.returncode == 0, done.stderr
    assert (repo / ".pre-commit-config.yaml").is_file() and (repo / ".gitlab-ci.yml").is_file()
    assert (repo / ".github/workflows/qingqian.yml").is_file()
    git_repo(repo, tmp_path)
    done = pre_commit(repo, tmp_path, "run", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    bad = repo / "ledger/east/AR-1.yaml"
    bad.parent.mkdir(parents=True)
    bad.write_text(receivable("AR-1", debtor="D-404"), encoding="utf-8")
    assert run(["git", "add", "-A"], repo, tmp_path).returncode == 0
    done = pre_commit(repo, tmp_path, "run")
    assert done.returncode == 1
    assert "ledger/east/AR-1.yaml" in done.stdout and "R001" in done.stdout


def bare_env_run(cmd: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess:
    """pre-commit itself by absolute path, with a PATH holding no qingqian (no venv activated)."""
    env = {"PYTHONPATH": os.environ.get("PYTHONPATH", ""), "HOME": str(home),
           "PRE_COMMIT_HOME": str(home / "pre-commit-cache"), "PATH": "/usr/bin:/bin",
           "QINGQIAN_AS_OF": "2026-11-30", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(cmd, check=False, cwd=cwd, env=env, capture_output=True, text=True)


def test_init_hook_refuses_a_history_rewrite_without_the_venv_on_path(tmp_path: Path) -> None:
    """The scaffold's hook finds qingqian in .venv/bin when PATH lacks it, and runs the H rules."""
    repo = tmp_path / "new"
    assert run([sys.executable, "-m", "qingqian", "init", str(repo)], tmp_path, tmp_path).returncode == 0
    people = repo / "policies/people.yaml"
    people.write_text("people:\n  - {id: zhang.san, name: 张三, unit: hq, roles: [collector], status: active}\n"
                      "  - {id: wang.wu, name: 王五, unit: hq, roles: [collector], status: active}\n",
                      encoding="utf-8")
    rec = repo / "ledger/hq/AR-1.yaml"
    rec.parent.mkdir(parents=True)
    rec.write_text(receivable("AR-1", debtor="D-1", events="""\
        - {date: 2026-01-10, type: invoice, amount: "1000.00", due: 2026-02-10, ref: INV-1}
        """).replace("unit: east", "unit: hq").replace("collector: li.si", "collector: zhang.san"),
                   encoding="utf-8")
    (repo / "ledger/debtors/D-1.yaml").write_text(
        "id: D-1\nname: 某公司\ntype: private\nstatus: active\ncondition: good\n", encoding="utf-8")
    units = (repo / "policies/units.yaml").read_text(encoding="utf-8")
    assert "id: hq" in units, units
    git_repo(repo, tmp_path)
    hook = [sys.executable, "-m", "pre_commit", "run"]
    rec.write_text(rec.read_text(encoding="utf-8").replace("responsible: zhang.san", "responsible: wang.wu"),
                   encoding="utf-8")
    assert run(["git", "add", "-A"], repo, tmp_path).returncode == 0
    done = bare_env_run(hook, repo, tmp_path)
    assert done.returncode == 1 and "找不到 qingqian" in done.stdout and "pip install qingqian" in done.stdout
    venv = repo / ".venv/bin/qingqian"
    venv.parent.mkdir(parents=True)
    venv.write_text(f"#!/bin/sh\nexec {sys.executable} -m qingqian \"$@\"\n", encoding="utf-8")
    venv.chmod(0o755)
    done = bare_env_run(hook, repo, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "H001 responsible-changed" in done.stdout and "t 暂存的修改" in done.stdout
