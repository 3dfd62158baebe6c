"""One message catalogue (gettext via Babel): every message in Chinese and English, and the
language from --lang, else QINGQIAN_LANG, else rules.yaml `language`, else zh."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import receivable, write_ledger
from qingqian.cli import cli
from qingqian.i18n import LOCALE, _, choose, compile_po, translations
from qingqian.i18n.extract import template
from qingqian.i18n.messages import render

PO = LOCALE / "zh" / "LC_MESSAGES" / "qingqian.po"


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_id_has_both_languages():
    """Each msgid of the code (`N_`), each text of a `Words` table (labels, value names,
    headings) and each rule summary has English (the msgid) and Chinese; a translation names
    the same fields as its English. Only a template of fields and punctuation (no word in
    it) may keep no Chinese character."""
    from babel.messages.pofile import read_po

    with PO.open("rb") as handle:
        zh = {(m.context, m.id): m.string for m in read_po(handle) if m.id}
    needed = [(m.context, m.id) for m in template() if m.id]
    assert len(needed) > 600
    assert ("label:outstanding", "Outstanding") in needed  # the tables are in the catalogue
    assert ("value:stage:litigation", "litigation") in needed
    missing = [key for key in needed if not zh.get(key)]
    assert missing == []
    for (context, msgid) in needed:
        assert msgid.strip() and fields(zh[(context, msgid)]) == fields(msgid), msgid
        if re.search("[A-Za-z]", re.sub(r"\{[^}]*\}", "", msgid)):
            assert any("\u4e00" <= ch <= "\u9fff" for ch in zh[(context, msgid)]), msgid


def test_the_po_compiles_on_first_use(tmp_path):
    assert compile_po(PO)[:4] in (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")  # a .mo file
    assert translations("zh").gettext("unknown debtor `{debtor}`") == "债务人 `{debtor}` 不存在"
    assert _("unknown debtor `{debtor}`", "en") == "unknown debtor `{debtor}`"


def test_a_finding_is_translated_where_rendered():
    assert render("R001", "unknown debtor `D-404`", "zh") == "债务人 `D-404` 不存在"
    assert render("R001", "unknown debtor `D-404`", "en") == "unknown debtor `D-404`"
    assert render("R001", "something no template knows", "zh") == "something no template knows"


def test_language_precedence(monkeypatch):
    monkeypatch.delenv("QINGQIAN_LANG", raising=False)
    assert choose() == "zh" and choose(None, "en") == "en"
    monkeypatch.setenv("QINGQIAN_LANG", "en")
    assert choose(None, "zh") == "en" and choose("zh", "zh") == "zh"


@pytest.mark.parametrize("env, flag, expected", [
    (None, None, "“：”"), ("en", None, "full-width colon"), ("en", "zh", "“：”"),
    (None, "en", "full-width colon")])
def test_check_speaks_the_language_asked(tmp_path, monkeypatch, env, flag, expected):
    if env:
        monkeypatch.setenv("QINGQIAN_LANG", env)
    else:
        monkeypatch.delenv("QINGQIAN_LANG", raising=False)
    write_ledger(tmp_path, {"ledger/east/2024/AR-1.yaml":
                            receivable().replace("collector: li.si", "collector：li.si")})
    args = ["--root", str(tmp_path), "check", "--as-of", "2026-11-30", "--no-cache"]
    result = CliRunner().invoke(cli, args + (["--lang", flag] if flag else []))
    assert result.exit_code == 1 and expected in result.stdout, result.stdout
    if expected == "“：”":
        assert "错误 S001" in result.stdout and "1 个错误" in result.stderr


def test_rules_yaml_language_is_the_default(tmp_path, monkeypatch):
    monkeypatch.delenv("QINGQIAN_LANG", raising=False)
    root = write_ledger(tmp_path, {})
    rules = root / "policies" / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("language: zh", "language: en"),
                     encoding="utf-8")
    listing = CliRunner().invoke(cli, ["--root", str(root), "rules"])
    assert "The file is not well-formed YAML" in listing.stdout
    chinese = CliRunner().invoke(cli, ["--root", str(root), "rules", "--lang", "zh"])
    assert "文件不是合法的 YAML" in chinese.stdout


def test_a_label_reads_the_catalogue_under_its_table_and_key():
    """One English word, several meanings: the context (table:key) keeps each its Chinese."""
    from qingqian.reports.labels import label, stage_name, value

    assert label("recovered", "zh") == "核销后收回" and label("case_recovered", "zh") == "已回收"
    assert label("recovered", "en") == label("case_recovered", "en") == "Recovered"
    assert value("litigation", "zh") == "起诉" and stage_name("litigation", "zh") == "诉讼"
    assert value("payment", "zh") == "回款"
    assert stage_name("litigation", "en") == "litigation" and stage_name(None, "zh") == "未开始"
    assert label("no-such-key", "zh") == "no-such-key" and value("?", "zh") == "?"


def test_no_language_table_is_left_in_the_code():
    """No `{"zh": …, "en": …}` table outside the catalogue: the words are `Words` tables."""
    package = Path(LOCALE).parents[1]
    found = []
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict) and any(
                    isinstance(k, ast.Constant) and k.value in ("zh", "en") for k in node.keys):
                found.append(f"{path.relative_to(package)}:{node.lineno}")
    assert found == []
