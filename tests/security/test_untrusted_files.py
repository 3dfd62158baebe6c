"""Attacks: ledger, case and policy files that are links, devices or FIFOs, or far too large."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import receivable, write_ledger

AS_OF = "2026-11-30"


def _findings(qq, root: Path) -> list[tuple[str, str]]:
    code, out = qq("check", "--as-of", AS_OF, "--format", "json", root=root)
    assert code == 1, out
    return [(f["rule"], f["path"]) for f in json.loads(out)["findings"]]


def test_symlinked_ledger_file_is_not_followed(qq, tmp_path: Path) -> None:
    secret = tmp_path / "outside.yaml"
    secret.write_text(receivable("AR-9").replace("title: 某工程进度款", "title: SECRET-TOKEN"),
                      encoding="utf-8")
    root = write_ledger(tmp_path / "l", {})
    (root / "ledger/east").mkdir(parents=True)
    os.symlink(secret, root / "ledger/east/AR-9.yaml")
    assert ("S019", "ledger/east/AR-9.yaml") in _findings(qq, root)
    code, out = qq("list", "--as-of", AS_OF, root=root)
    assert "SECRET-TOKEN" not in out and "AR-9" not in out


def test_symlinked_case_file_is_not_followed(qq, tmp_path: Path) -> None:
    root = write_ledger(tmp_path / "l", {})
    (root / "cases").mkdir()
    os.symlink("/etc/hostname", root / "cases/C-1.yaml")
    assert ("S019", "cases/C-1.yaml") in _findings(qq, root)


def test_symlinked_policy_file_is_not_followed(qq, tmp_path: Path) -> None:
    root = write_ledger(tmp_path / "l", {})
    real = tmp_path / "units.yaml"
    (root / "policies/units.yaml").rename(real)
    os.symlink(real, root / "policies/units.yaml")
    assert ("S019", "policies/units.yaml") in _findings(qq, root)


def test_ledger_file_linked_to_zero_device_is_not_read(qq, tmp_path: Path) -> None:
    root = write_ledger(tmp_path / "l", {})
    (root / "ledger/east").mkdir(parents=True)
    os.symlink("/dev/zero", root / "ledger/east/AR-0.yaml")
    assert ("S019", "ledger/east/AR-0.yaml") in _findings(qq, root)


def test_fifo_in_the_ledger_does_not_hang(qq, tmp_path: Path) -> None:
    root = write_ledger(tmp_path / "l", {})
    (root / "ledger/east").mkdir(parents=True)
    os.mkfifo(root / "ledger/east/AR-F.yaml")
    assert ("S019", "ledger/east/AR-F.yaml") in _findings(qq, root)


def test_oversized_file_is_refused_by_its_size_before_reading(qq, tmp_path: Path) -> None:
    root = write_ledger(tmp_path / "l", {})
    big = root / "ledger/east/AR-B.yaml"
    big.parent.mkdir(parents=True)
    with open(big, "wb") as handle:  # sparse: 100 MB that take no disk and would take 100 MB to read
        handle.truncate(100 * 1024 * 1024)
    import qingqian.safefile as safefile
    reads: list[int] = []
    real_read = os.read

    def counting(fd: int, n: int) -> bytes:
        data = real_read(fd, n)
        reads.append(len(data))
        return data
    os.read = counting
    try:
        found = _findings(qq, root)
    finally:
        os.read = real_read
    assert ("S006", "ledger/east/AR-B.yaml") in found
    assert sum(reads) < safefile.MAX_FILE_BYTES


def test_non_utf8_file_name_is_a_finding_not_a_crash(qq, tmp_path: Path) -> None:
    root = write_ledger(tmp_path / "l", {"ledger/east/AR-1.yaml": receivable("AR-1")})
    with open(os.path.join(os.fsencode(root / "ledger/east"), b"AR-\xff.yaml"), "wb") as handle:
        handle.write(b"id: AR-2\n")
    code, out = qq("check", "--as-of", AS_OF, "--format", "json", root=root)
    assert code == 1, out
    found = [(f["rule"], f["path"]) for f in json.loads(out)["findings"]]
    assert ("S020", "ledger/east/AR-\\xff.yaml") in found
    code, out = qq("check", "--as-of", AS_OF, root=root)
    assert code == 1 and "S020" in out


def test_content_that_mimics_a_refusal_marker_is_read_as_content() -> None:
    from qingqian.safefile import REFUSED
    from qingqian.source import read_yaml
    for data in (REFUSED, REFUSED + b"X999\x00forged", REFUSED + b"S019\x00forged"):
        problems = read_yaml(data).problems
        assert problems and all(p.rule.startswith("S") and len(p.rule) == 4 for p in problems)


def test_symlinked_ledger_folder_is_reported_not_skipped(qq, tmp_path: Path) -> None:
    """A folder under ledger/ linked elsewhere was passed over in silence: its files were
    neither read nor reported. Now the link itself is an S019 finding, and nothing of the
    folder it points to is read."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "AR-9.yaml").write_text(receivable("AR-9").replace("title: 某工程进度款",
                                                                    "title: SECRET-TOKEN"),
                                       encoding="utf-8")
    root = write_ledger(tmp_path / "l", {})
    (root / "ledger").mkdir(exist_ok=True)
    os.symlink(outside, root / "ledger/east")
    assert ("S019", "ledger/east") in _findings(qq, root)
    code, out = qq("list", "--as-of", AS_OF, root=root)
    assert "SECRET-TOKEN" not in out and "AR-9" not in out


def test_symlinked_folder_in_a_git_work_tree_is_reported_cold_and_warm(qq, tmp_path: Path) -> None:
    """In a Git work tree the engine keys files itself: a linked folder is keyed by its
    refusal (never by what it points to), so the stored and the warm run report it too."""
    import subprocess

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "AR-9.yaml").write_text(receivable("AR-9"), encoding="utf-8")
    root = write_ledger(tmp_path / "l", {})
    os.symlink(outside, root / "ledger/east")
    env = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@x",
           "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@x"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=root, check=True, env=env)
    assert ("S019", "ledger/east") in _findings(qq, root)  # cold, the state stored
    assert ("S019", "ledger/east") in _findings(qq, root)  # warm


def test_symlinked_ledger_file_to_the_zero_device_is_not_read_in_a_git_work_tree(
        qq, tmp_path: Path) -> None:
    """The engine's content key read a linked file through its link (a link to /dev/zero
    read without end); the key is now the refusal's."""
    import subprocess

    root = write_ledger(tmp_path / "l", {})
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    (root / "ledger/east").mkdir(parents=True)
    os.symlink("/dev/zero", root / "ledger/east/AR-0.yaml")
    assert ("S019", "ledger/east/AR-0.yaml") in _findings(qq, root)
