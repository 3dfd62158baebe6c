"""The CI templates `init` writes, run as CI runs them: pushes judged since the previous tip.

The push jobs' shell steps are taken out of the GitHub and GitLab files and run with bash in
a throw-away repository, as the runners do, with the variables the runners set; the pull
request jobs are checked for the merge base, the review summary and the annotations.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SCAFFOLD, receivable, write_ledger

GITHUB = SCAFFOLD / ".github/workflows/qingqian.yml"
GITLAB = SCAFFOLD / "gitlab-ci.yml"
ZERO = "0" * 40
AR1 = receivable("AR-1", events="""\
    - {date: 2026-01-10, type: invoice, amount: "1000.00", due: 2026-02-10, ref: INV-1}
    """)


def workflow(path: Path) -> dict:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["on"] = doc.pop(True, doc.get("on"))  # YAML 1.1 reads the key `on` as true
    return doc


def step(doc: dict, job: str, name_part: str) -> dict:
    return next(s for s in doc["jobs"][job]["steps"] if name_part in s.get("name", ""))


@pytest.fixture
def shim(tmp_path: Path) -> Path:
    """A bin folder whose `qingqian` is this Python's (CI installs it; here it is the checkout)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "qingqian").write_text(f"#!/bin/sh\nexec {sys.executable} -m qingqian \"$@\"\n")
    (folder / "qingqian").chmod(0o755)
    return folder


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "张三", "GIT_AUTHOR_EMAIL": "z@example.com",
           "GIT_COMMITTER_NAME": "张三", "GIT_COMMITTER_EMAIL": "z@example.com"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def history(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """base → a commit that changes `responsible` (H001) → a clean commit; and a lost commit."""
    repo = tmp_path / "books"
    write_ledger(repo, {"ledger/east/AR-1.yaml": AR1})
    git(repo, "init", "-q", "-b", "main")
    shas = {}
    for name, text in (("base", AR1), ("rewrite", AR1.replace("zhang.san", "wang.wu")),
                       ("clean", AR1.replace("zhang.san", "wang.wu") + "note: 已对账\n")):
        (repo / "ledger/east/AR-1.yaml").write_text(text, encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", name)
        shas[name] = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "-b", "lost", shas["base"])
    git(repo, "commit", "-q", "--allow-empty", "-m", "lost")
    shas["lost"] = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "main")
    git(repo, "branch", "-q", "-D", "lost")
    return repo, shas


def run_script(script: str, repo: Path, shim: Path, **variables: str) -> subprocess.CompletedProcess:
    env = {"PATH": f"{shim}:/usr/bin:/bin", "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
           "HOME": str(repo.parent), "QINGQIAN_AS_OF": "2026-11-30", **variables}
    return subprocess.run(["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True,
                          text=True, check=False)


PUSHES = [("clean", 0, None), ("base", 1, "H001"), (ZERO, 1, "H001"), ("", 1, "H001"),
          ("lost", 1, "force-pushed")]


@pytest.mark.parametrize(("before", "code", "says"), PUSHES)
def test_github_push_is_judged_since_the_previous_tip(history, shim, before, code, says) -> None:
    repo, shas = history
    script = step(workflow(GITHUB), "push", "Check")["run"]
    done = run_script(script, repo, shim, BEFORE=shas.get(before, before))
    assert done.returncode == code, done.stdout + done.stderr
    if says:
        assert says in done.stdout
    if says == "H001":
        assert f"的提交 {shas['rewrite'][:7]}" in done.stdout and "::error file=" in done.stdout


@pytest.mark.parametrize(("before", "code", "says"), PUSHES)
def test_gitlab_push_is_judged_since_the_previous_tip(history, shim, before, code, says) -> None:
    repo, shas = history
    job = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["qingqian-push"]
    done = run_script("\n".join(job["script"]), repo, shim, CI_COMMIT_BEFORE_SHA=shas.get(before, before))
    assert done.returncode == code, done.stdout + done.stderr
    if says:
        assert says in done.stdout


def test_github_pull_request_uses_the_merge_base(history, shim, tmp_path) -> None:
    repo, shas = history
    doc = workflow(GITHUB)
    assert set(doc["on"]) == {"pull_request", "push"} and doc["on"]["push"]["branches"] == ["main"]
    base_step = step(doc, "pull-request", "Merge base")["run"]
    out = tmp_path / "github_output"
    git(repo, "checkout", "-q", "-b", "topic", shas["base"])
    (repo / "ledger/east/AR-1.yaml").write_text(AR1.replace('"1000.00"', '"900.00"'), encoding="utf-8")
    git(repo, "commit", "-qam", "edit an invoice")
    script = base_step.replace("${{ github.event.pull_request.base.sha }}", shas["clean"])
    assert run_script(script, repo, shim, GITHUB_OUTPUT=str(out)).returncode == 0
    merge_base = out.read_text().strip().removeprefix("sha=")
    assert merge_base == shas["base"]  # not main's tip: the commits of main are not the PR's
    check = step(doc, "pull-request", "Check")["run"].replace("${{ steps.base.outputs.sha }}", merge_base)
    assert "--format github" in check
    done = run_script(check, repo, shim)
    assert done.returncode == 1 and "H003" in done.stdout and "H001" not in done.stdout
    summary = step(doc, "pull-request", "Review summary")["run"]
    assert "qingqian diff" in summary and "GITHUB_STEP_SUMMARY" in summary
    assert "createComment" in step(doc, "pull-request", "Post")["with"]["script"]


def test_gitlab_merge_request_uses_the_merge_base() -> None:
    job = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["qingqian-merge-request"]
    script = "\n".join(job["script"])
    assert 'qingqian diff "$CI_MERGE_REQUEST_DIFF_BASE_SHA..HEAD"' in script  # GitLab's merge base
    assert 'qingqian check --since "$CI_MERGE_REQUEST_DIFF_BASE_SHA"' in script


@pytest.mark.parametrize(("own", "scaffold"), [(ROOT / ".github/workflows/qingqian.yml", GITHUB),
                                               (ROOT / ".gitlab-ci.yml", GITLAB)])
def test_this_repository_runs_the_scaffold_pipeline(own: Path, scaffold: Path) -> None:
    """This repository's CI is the scaffold's, qingqian installed from the checkout."""
    def body(path: Path) -> list[str]:
        lines = path.read_text(encoding="utf-8").splitlines()
        lines = [ln for ln in lines if not ln.startswith("#") and "pin the qingqian version" not in ln]
        return [ln.replace("pip install -e .", "pip install qingqian") for ln in lines]
    assert [ln.split("#")[0].rstrip() for ln in body(own)] == \
        [ln.split("#")[0].rstrip() for ln in body(scaffold)]
