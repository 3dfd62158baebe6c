"""The strict YAML reader keeps text and positions and rejects what YAML silently mangles."""

from qingqian.source import MapNode, locate, read_yaml


def rules_of(data: bytes) -> list[tuple[str, int, int]]:
    return [(p.rule, p.line, p.col) for p in read_yaml(data).problems]


def test_scalars_stay_source_text():
    doc = read_yaml(b"a: 1250000.10\nb: 010010\nc: 2024-02-30\nd: true\ne:\n")
    assert doc.root == {"__pos__": (1, 1), "a": "1250000.10", "b": "010010", "c": "2024-02-30",
                        "d": "true", "e": None}


def test_positions_of_keys_and_items():
    doc = read_yaml(b"id: X\nevents:\n  - {date: 2024-01-01}\n  - {date: 2024-02-01}\n")
    assert isinstance(doc.root, MapNode)
    assert doc.root.key_pos["events"] == (2, 1)
    assert doc.root["events"].item_pos == [(3, 5), (4, 5)]
    assert locate(doc.root, ("events", 1, "payment", "date")) == (4, 6)


def test_duplicate_key_is_reported_at_the_second():
    assert rules_of(b"a: 1\nb: 2\na: 3\n") == [("S004", 3, 1)]


def test_anchor_alias_tag_and_merge_are_rejected():
    assert ("S005", 2, 4) in rules_of(b"a: &x 1\nb: *x\n")
    assert rules_of(b"a: !!str 1\n") == [("S005", 1, 4)]
    assert rules_of(b"<<: {a: 1}\n") == [("S005", 1, 1)]


def test_yaml11_ambiguous_plain_scalars_are_flagged_but_quoted_ones_pass():
    assert [r for r, _, _ in rules_of(b"a: NO\nb: 010\nc: 1:30\nd: yes\n")] == ["S013"] * 4
    assert rules_of(b'a: "NO"\nb: "010"\nc: "1:30"\nno: 1\n') == []


def test_encoding_bom_and_tabs():
    assert rules_of("a: 中\n".encode("gbk")) == [("S002", 1, 4)]
    assert rules_of(b"\xef\xbb\xbfa: 1\n") == [("S002", 1, 1)]
    assert rules_of(b"a:\n\tb: 1\n") == [("S014", 2, 1)]


def test_crlf_is_read_with_right_lines():
    doc = read_yaml(b"a: 1\r\nb: 2\r\n")
    assert doc.problems == () and doc.root.key_pos["b"] == (2, 1)


def test_limits_and_syntax_errors_do_not_raise():
    assert rules_of(b"[" * 10_000)[0][0] == "S006"
    assert rules_of(b"a: [1, 2\n")[0][0] == "S001"
    assert rules_of(b"a: 1\n---\nb: 2\n")[0][0] == "S001"
    bomb = b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    assert "S005" in [r for r, _, _ in rules_of(bomb)]
