"""Reading the Git index listing only where it changed finds what reading it whole finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from qingqian.listing import _differing_parts, changed_entries, entries, entries_by_pattern, entry_of


def listing(records: dict[str, tuple[str, str, str]]) -> bytes:
    """`git ls-files -s -z` of `{path: (mode, sha, stage)}`, in Git's order."""
    return b"".join(f"{mode} {sha} {stage}\t{path}\0".encode() for path, (mode, sha, stage)
                    in sorted(records.items()))


paths = st.sampled_from([f"ledger/east/2026/AR-{n:04d}.yaml" for n in range(40)]
                        + ["cases/C-1.yaml", "policies/rules.yaml", "policies/index.md",
                           "ledger/east/.drafts/AR-1.yaml", "ledger/east/notes.txt"])
shas = st.sampled_from(["a" * 40, "b" * 40, "c" * 40])
modes = st.sampled_from(["100644", "100644", "100755", "120000"])
indexes = st.dictionaries(paths, st.tuples(modes, shas, st.sampled_from("0000002")), max_size=30)


@settings(max_examples=300, deadline=None)
@given(indexes, indexes, st.sampled_from([1, 3, 16, 1 << 16]))
def test_only_the_differing_records_lie_between_head_and_tail(old, new, step) -> None:
    before, after = listing(old), listing(new)
    old_part, new_part = _differing_parts(before, after, step)
    whole = set(before.split(b"\0")) ^ set(after.split(b"\0"))
    assert set(old_part.split(b"\0")) ^ set(new_part.split(b"\0")) == whole
    assert all(part == b"" or part.endswith(b"\0") for part in (old_part, new_part))


@settings(max_examples=300, deadline=None)
@given(indexes, indexes, st.sets(paths, max_size=3))
def test_changed_entries_are_the_entries_that_changed(old, new, also) -> None:
    before, after = listing(old), listing(new)
    found = changed_entries(before, after, also)
    assert found is not None
    was, now = entries(before), entries(after)
    differing = {p for p in was.keys() | now.keys() if was.get(p) != now.get(p)}
    assert differing <= found.keys()
    assert found == {p: now.get(p) for p in found}


def test_offsets_and_pattern_agree_on_every_kind_of_record() -> None:
    records = {"ledger/east/2026/AR-1.yaml": ("100644", "a" * 40, "0"),
               "ledger/east/2026/AR-2.yaml": ("100755", "b" * 40, "0"),
               "ledger/east/2026/link.yaml": ("120000", "c" * 40, "0"),
               "ledger/east/.drafts/AR-3.yaml": ("100644", "a" * 40, "0"),
               "ledger/east/2026/AR 4\t.yaml": ("100644", "d" * 40, "0"),
               "policies/rules.yaml": ("100644", "e" * 40, "0"),
               "policies/index.md": ("100644", "f" * 40, "0")}
    conflicted = b"".join(f"100644 {c * 40} {stage}\tcases/C-1.yaml\0".encode()
                          for c, stage in (("1", 1), ("2", 2), ("3", 3)))  # "ours" is stage 2
    text = conflicted + listing(records)
    assert entries(text) == entries_by_pattern(text) == {
        "cases/C-1.yaml": "2" * 40, "ledger/east/2026/AR-1.yaml": "a" * 40,
        "ledger/east/2026/AR-2.yaml": "b" * 40, "ledger/east/2026/AR 4\t.yaml": "d" * 40,
        "policies/rules.yaml": "e" * 40}
    assert {p: entry_of(text, p) for p in entries(text)} == entries(text)
    assert entry_of(text, "ledger/east/2026/link.yaml") is None
    assert entry_of(text, "ledger/east/2026/AR-9.yaml") is None
