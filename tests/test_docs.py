"""The docs are tested: every command and every rule has a documentation entry and an example."""

import re

from conftest import ROOT

from qingqian.cli import cli
from qingqian.rules import ALL_RULES

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme_table_with_an_example():
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `qingqian (\w+)` \|.*$", README, re.M)}
    assert sorted(rows) == sorted(cli.commands)
    for name, row in rows.items():
        assert row.rstrip(" |").endswith("`") and f"qingqian {name}" in row.split("|")[-2], name


def test_every_rule_has_a_stable_id_a_name_and_a_doc():
    ids = [r.id for r in ALL_RULES]
    names = [r.name for r in ALL_RULES]
    assert len(set(ids)) == len(ids) and len(set(names)) == len(names)
    for rule in ALL_RULES:
        assert re.fullmatch(r"[SRLPAH][0-9]{3}", rule.id), rule.id
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name
        assert rule.severity in ("error", "warning") and len(rule.summary) > 15, rule.id


def test_the_site_reference_lists_every_rule():
    from functools import partial

    from qingqian.reports.labels import word
    from qingqian.site.reference import rules_page
    page = rules_page(partial(word, lang="en"))
    for rule in ALL_RULES:
        assert f"## {rule.id} " in page, rule.id
