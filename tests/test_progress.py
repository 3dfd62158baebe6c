"""Progress bars on stderr only when it is a terminal, and never with --quiet."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest


def run(args: list[str], tty: bool) -> tuple[str, str]:
    """(stdout, stderr) of the CLI; stderr a pseudo-terminal when `tty`."""
    env = {**os.environ, "QINGQIAN_NO_CACHE": "1"}
    if not tty:
        done = subprocess.run([sys.executable, "-m", "qingqian", *args], capture_output=True,
                              text=True, timeout=300, env=env)
        return done.stdout, done.stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "qingqian", *args], stdout=subprocess.PIPE,
                            stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    out, _ = proc.communicate(timeout=300)
    os.close(leader)
    return out.decode(), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("quiet", [False, True])
def test_demo_generate_draws_a_bar_on_a_terminal(tmp_path, quiet):
    args = (["--quiet"] if quiet else []) + ["demo", "generate", "--receivables", "200",
                                             "--out", str(tmp_path / "big")]
    out, err = run(args, tty=True)
    assert "200 receivables" in out
    assert ("demo generate" in err and "200/200" in err) is not quiet, err


def test_nothing_is_drawn_when_stderr_is_piped(tmp_path):
    out, err = run(["demo", "generate", "--receivables", "200", "--out", str(tmp_path / "big")],
                   tty=False)
    assert "200 receivables" in out and "demo generate" not in err and "%" not in err


def test_site_build_draws_its_steps_on_a_terminal(tmp_path):
    run(["demo", "generate", "--receivables", "30", "--out", str(tmp_path / "small")], tty=False)
    out, err = run(["--root", str(tmp_path / "small"), "site", "build", "--as-of", "2026-11-30",
                    "--out", str(tmp_path / "site")], tty=True)
    assert "site build" in err and "5/5" in err, err
    assert out.startswith("site: ")
