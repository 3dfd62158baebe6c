"""Plain `git` subprocesses for the paths that run on every commit, where GitPython's import
(longer than reading a 100,000-entry index) would be most of the cost.

Paths are asked relative to the ledger root (`git -C ROOT … --relative`), so a ledger below
the top of its work tree needs no prefix arithmetic.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Self

SCOPE = ("--", "ledger", "cases", "policies")
_BATCH = 256  # shas per write to `cat-file --batch`: 10 KiB, well under a pipe's 64 KiB


class GitProblem(Exception):
    """Git cannot answer: not a repository, an unknown revision, no commit on a date."""


def _env() -> dict[str, str]:
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}


def run(root: Path, *args: str, check: bool = True) -> bytes | None:
    """Git's standard output; GitProblem on failure (None instead when `check` is false).

    The output goes to a temporary file, not a pipe: a pipe is drained 64 KiB at a time by
    this process, each read waiting its turn for the interpreter while another thread
    builds the models, which made a 10 MB index listing take four times as long.
    """
    try:
        with tempfile.TemporaryFile() as out:
            done = subprocess.run(["git", "-C", str(root), *args], stdout=out, stderr=subprocess.PIPE,
                                  stdin=subprocess.DEVNULL, env=_env(), check=False)
            out.seek(0)
            stdout = out.read()
    except OSError as exc:
        raise GitProblem(f"git cannot run: {exc}") from None
    if done.returncode == 0:
        return stdout
    if not check:
        return None
    message = done.stderr.decode("utf-8", "replace").strip().splitlines()
    if message and "not a git repository" in message[-1]:
        raise GitProblem(f"{Path(root).resolve()} is not inside a Git repository")
    raise GitProblem(f"git {args[0]} failed: {message[-1] if message else done.returncode}")


class Blobs:
    """Blob contents by sha through one `git cat-file --batch` process, each read once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._seen: dict[str, bytes] = {}
        self._proc: subprocess.Popen | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._proc is not None:
            self._proc.stdin.close()  # type: ignore[union-attr]
            self._proc.wait()
            self._proc.stdout.close()  # type: ignore[union-attr]

    def read(self, shas: list[str]) -> dict[str, bytes]:
        todo = [sha for sha in dict.fromkeys(shas) if sha not in self._seen]
        # asked in batches small enough for the pipe: git blocks on its output until we read
        for start in range(0, len(todo), _BATCH):
            batch = todo[start:start + _BATCH]
            proc = self._start()
            proc.stdin.write("".join(f"{sha}\n" for sha in batch).encode())  # type: ignore[union-attr]
            proc.stdin.flush()  # type: ignore[union-attr]
            for sha in batch:
                self._seen[sha] = self._next(proc, sha)
        return {sha: self._seen[sha] for sha in shas}

    def _start(self) -> subprocess.Popen:
        if self._proc is None:
            self._proc = subprocess.Popen(["git", "-C", str(self.root), "cat-file", "--batch"],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          stderr=subprocess.DEVNULL, env=_env())
        return self._proc

    @staticmethod
    def _next(proc: subprocess.Popen, sha: str) -> bytes:
        header = proc.stdout.readline().split()  # type: ignore[union-attr]
        if len(header) != 3:
            raise GitProblem(f"git cat-file: no object {sha}")
        data = proc.stdout.read(int(header[2]) + 1)  # type: ignore[union-attr]
        return data[:-1]
