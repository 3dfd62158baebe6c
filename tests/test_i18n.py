"""One message catalogue (gettext via Babel): every message in Chinese and English, and the
language from --lang, else QINGQIAN_LANG, else rules.yaml `language`, else zh."""

from __future__ import annotations

import ast
import json
import re
import string
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import policy_files, receivable, write_ledger
from qingqian.cli import cli
from qingqian.i18n import LOCALE, _, choose, compile_po, translations
from qingqian.i18n.extract import template
from qingqian.i18n.messages import covered, render

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


# --- every finding a rule can write speaks Chinese --------------------------------------------

CJK = re.compile("[\u3400-\u9fff]")


def speaks_chinese(rule: str, text: str) -> bool:
    """A message or hint that a template of its rule renders (or already Chinese), and is
    Chinese once rendered."""
    return bool(CJK.search(render(rule, text, "zh"))) and (covered(rule, text)
                                                          or bool(CJK.search(text)))


def silent(findings) -> list[tuple[str, str]]:
    """(rule, text) of every message or hint that would stay English in a Chinese run."""
    return [(f.rule, text) for f in findings for text in (f.message, f.hint)
            if text and not speaks_chinese(f.rule, text)]


@pytest.fixture(scope="module")
def corpus_findings(tmp_path_factory) -> dict[str, list]:
    """Every finding of every bad case of tests/corpus, built and checked once."""
    from test_corpus import MANIFEST, run_case

    return {name: run_case(name, spec, tmp_path_factory.mktemp("corpus") / "ledger")
            for name, spec in sorted(MANIFEST.items())}


def test_every_corpus_finding_has_a_chinese_template(corpus_findings):
    found = [f for findings in corpus_findings.values() for f in findings]
    assert len({f.rule for f in found}) >= 60  # the corpus reaches (almost) every rule
    assert silent(found) == []


def test_a_template_that_does_not_match_its_rule_is_caught():
    """The coverage test is honest: a message no template knows is reported."""
    from qingqian.findings import Finding

    made_up = Finding("x.yaml", 1, 1, "P001", "payment of 1.00 has gone astray", hint="look")
    assert silent([made_up]) == [("P001", "payment of 1.00 has gone astray"), ("P001", "look")]


def test_check_lang_zh_json_prints_every_finding_in_chinese(tmp_path):
    from test_corpus import MANIFEST, as_of, build_case

    name = "p031-p035-documents"
    root = build_case(name, MANIFEST[name], tmp_path / "ledger")
    result = CliRunner().invoke(cli, ["--root", str(root), "check", "--lang", "zh", "--format",
                                      "json", "--as-of", as_of(MANIFEST[name]).isoformat()])
    findings = json.loads(result.stdout)["findings"]
    assert len(findings) >= 5
    assert all(CJK.search(f["message"]) and CJK.search(f["hint"]) for f in findings), findings
    assert "进入诉讼阶段时缺少" in result.stdout


# Messages the corpus cases do not reach: a case, an as-of date, edits of its files (None: a new
# file) and the rule and Chinese words the edited case then shows.
VARIANTS = {
    "a001-ignored-visit": ("a001-limitation-expired", "2026-11-30", {
        "ledger/east/2022/AR-2022-0001.yaml": [("ref: JS-9}", "ref: JS-9}\n  - {date: 2025-06-01, "
                                                "type: visit, by: li.si, note: 未签字}")]}),
    "a002-no-note": ("a002-limitation-near", "2026-11-30", {
        "ledger/east/2023/AR-2023-0001.yaml": [("  - {date: 2026-11-01, type: visit, by: li.si, "
                                                "note: 未见到负责人}\n", "")]}),
    "a003-general-guarantee": ("a003-guarantee-ending", "2026-11-30", {
        "ledger/debtors/D-0001.yaml": [("type: joint", "type: general")]}),
    "a007-window-ended": ("a007-enforcement-deadline", "2027-02-01", {}),
    "a008-days-left": ("a008-preservation-without-suit", "2026-11-12", {}),
    "p038-before-suit": ("p038-p039-case-records", "2026-11-30", {
        "cases/C-2026-001.yaml": [("  - {date: 2026-11-01, stage: documents}",
                                   "  - {date: 2026-11-01, stage: documents}\n"
                                   "  - {date: 2026-11-20, stage: litigation}")]}),
    "l010-two-totals": ("l010-receipt-split-mismatch", "2026-11-30", {
        "ledger/west/2026/AR-2026-0002.yaml": [('total: "900.00"', 'total: "950.00"')]}),
    "l011-schedule-zero": ("l008-schedule-backwards", "2026-11-30", {
        "ledger/east/2026/AR-2026-0001.yaml": [
            ('amount: "100.00", from: 2026-05-01, to: 2026-01-01',
             'amount: "0.00", from: 2026-01-01, to: 2026-05-01')]}),
    "s016-id-card": ("s016-duplicate-debtor", "2026-11-30", {
        "ledger/debtors/D-0001.yaml": [("credit_code: 91350100M000100Y43",
                                        "id_number: 11010519491231002X")],
        "ledger/debtors/D-0002.yaml": [("credit_code: 91350100M000100Y43",
                                        "id_number: 11010519491231002X")]}),
    "s015-s016-id-number": ("s015-credit-code-check-digit", "2026-11-30", {
        "ledger/debtors/D-0003.yaml": [(None, "id: D-0003\nname: 王某\ntype: individual\n"
                                              "id_number: 110105194912310021\n")]}),
}

EXPECTED = {
    "a001-ignored-visit": ("A001", "没有债务人签字"),
    "a002-no-note": ("A002", "还剩 31 天"),
    "a003-general-guarantee": ("A003", "起诉债务人（一般保证）"),
    "a007-window-ended": ("A007", "已于 2026-12-31 届满"),
    "a008-days-left": ("A008", "还剩 7 天"),
    "p038-before-suit": ("P038", "早于 2026-11-20 的起诉"),
    "l010-two-totals": ("L010", "申报的总额不一致"),
    "l011-schedule-zero": ("L011", "计划 `租金` 的金额为 0.00"),
    "s015-s016-id-number": ("S015", "身份证号码无效：校验码错误"),
    "s016-id-card": ("S016", "身份证号码也属于"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_messages_the_corpus_does_not_reach_speak_chinese(variant, tmp_path):
    from qingqian.ledger import load
    from qingqian.rules import check
    from test_corpus import MANIFEST, build_case

    name, day, edits = VARIANTS[variant]
    rule, words = EXPECTED[variant]
    root = build_case(name, MANIFEST[name], tmp_path / "ledger")
    for rel, pairs in edits.items():
        text = (root / rel).read_text(encoding="utf-8") if (root / rel).exists() else ""
        for old, new in pairs:
            assert old is None or old in text, (rel, old)
            text = new if old is None else text.replace(old, new)
        (root / rel).write_text(text, encoding="utf-8")
    found = check(load(root), date.fromisoformat(day))
    assert silent(found) == []
    said = [render(f.rule, f.message, "zh") + render(f.rule, f.hint, "zh") for f in found
            if f.rule == rule]
    assert any(words in text for text in said), [f.to_text() for f in found]


@pytest.mark.parametrize("old, new", [
    ("title: 某工程进度款", "title: {a: 1}"), ("difficulty: normal", "difficulty: [hard]"),
    ("difficulty: normal", "terms: thirty"), ("events:\n", "events: {a: 1}\nnote:\n"),
    ('amount: "1000.00"', "amount: {a: 1}"), ("date: 2026-01-10", "date: ~"),
    ("ref: INV-1}", "ref: INV-1}\n  - hello"), ("unit: east", "unit: [east]")])
def test_what_the_validator_says_speaks_chinese(old, new):
    """pydantic's own words for a value of the wrong shape (S009) have templates too."""
    from qingqian.loader import RECEIVABLE, load_file

    text = receivable(events='- {date: 2026-01-10, type: invoice, amount: "1000.00", ref: INV-1}')
    assert old in text
    found = load_file("ledger/east/AR-1.yaml", text.replace(old, new).encode(), RECEIVABLE).findings
    assert found and silent(found) == [], [f.message for f in found]


def test_files_that_are_not_regular_files_speak_chinese(tmp_path):
    """S019 for a FIFO read from the work tree and for a link committed to Git."""
    import os

    from qingqian.gitio.links import link_findings
    from qingqian.ledger import load

    root = write_ledger(tmp_path, {})
    (root / "ledger" / "east").mkdir(parents=True, exist_ok=True)
    os.mkfifo(root / "ledger" / "east" / "AR-9.yaml")
    fifo = [f for f in load(root).findings if f.rule == "S019"]
    linked = link_findings(["120000 0123abc 0\tledger/east/AR-8.yaml"])
    assert len(fifo) == 1 and len(linked) == 1
    assert silent(fifo + linked) == []
    assert "命名管道" in render("S019", fifo[0].message, "zh")


def test_a_tracked_cache_file_speaks_chinese(tmp_path):
    """S030 needs Git: a file under .qingqian/ committed by mistake."""
    from qingqian.findings import Finding
    from qingqian.incremental.run import check_tree
    from test_git_history import GitRepo

    repo = GitRepo(tmp_path / "repo")
    write_ledger(repo.path, {".qingqian/state.bin": "x"})
    repo.git("add", "-A")
    repo.git("add", "-f", ".qingqian")
    repo.git("commit", "-q", "-m", "with a cache file")
    rows = check_tree(repo.path, date(2026, 11, 30), cache=False).rows or []
    tracked = [Finding(*r) for r in rows if r[3] == "S030"]
    assert len(tracked) == 1 and silent(tracked) == []


def _history_findings(who: str) -> list:
    """One change that every history rule (H001–H005, H010–H014) finds, compared directly."""
    from qingqian.gitio.repo import Commit
    from qingqian.ledger import load_blobs
    from qingqian.rules.history_policy import compare, range_compare
    from test_git_history import AR1, closed_rules

    rent = ('schedule: [{item: 租金, amount: "100.00", from: 2026-01-01, to: 2026-12-31}]\n')
    before = {**policy_files(), **closed_rules("2026-10-31"),
              "ledger/east/2026/AR-1.yaml": AR1 + rent,
              "ledger/east/2026/AR-2.yaml": receivable("AR-2")}
    people = before["policies/people.yaml"]
    writeoff = ('  - {date: 2026-11-20, type: writeoff, amount: "100.00", basis: small-overdue-1y, '
                'approved_by: [qian.fm, wang.wu], evidence: [x.pdf]}\n')
    after = {**before, **closed_rules("2026-09-30"),
             "policies/people.yaml": people.replace(
                 "roles: [finance-manager], status: active}",
                 "roles: [finance-manager], status: active, email: qian@example.com}").replace(
                 "wang.wu, name: 王五, unit: east, roles: [collector]",
                 "wang.wu, name: 王五, unit: east, roles: [collector, cfo]"),
             "ledger/east/2026/AR-1.yaml": (AR1 + writeoff).replace('"300.00"', '"250.00"')
             .replace("responsible: zhang.san", "responsible: wang.wu")
             + rent.replace('"100.00"', '"120.00"')}
    del after["ledger/east/2026/AR-2.yaml"]
    load = lambda files: load_blobs(Path("."), {k: v.encode() for k, v in files.items()})  # noqa: E731
    commit = Commit("staged" if who == "staged" else "1a2b3c4d5e6f", (), "钱敏",
                    "qian@example.com", "", "", "write off")
    old, new = load(before), load(after)
    if who == "range":
        from qingqian.rules.history_policy import judge
        return judge(range_compare(old, new, commit, "main..HEAD"))
    return compare(old, new, commit)


@pytest.mark.parametrize("who, said", [("commit", "钱敏 的提交 1a2b3c4"),
                                       ("staged", "钱敏 暂存的修改"),
                                       ("range", "范围 main..HEAD 整体")])
def test_every_history_finding_speaks_chinese(who, said):
    found = _history_findings(who)
    assert {f.rule for f in found} == {"H001", "H002", "H003", "H004", "H005", "H010", "H011",
                                       "H012", "H013", "H014"}
    assert silent(found) == []
    assert all(render(f.rule, f.message, "zh").startswith(said) for f in found)


def test_history_check_on_a_repository_speaks_chinese(tmp_path):
    """`check --since` on a real repository: its H findings render in Chinese."""
    from qingqian.gitio.history import check_since
    from test_git_history import AR1, GitRepo, closed_rules

    repo = GitRepo(tmp_path / "repo")
    repo.commit("base", {**policy_files(), **closed_rules(), "ledger/east/2026/AR-1.yaml": AR1})
    base = repo.git("rev-parse", "HEAD")
    repo.commit("fix", {"ledger/east/2026/AR-1.yaml": AR1.replace('"300.00"', '"250.00"')
                        .replace("responsible: zhang.san", "responsible: wang.wu")})
    found = [f for f in check_since(repo.path, base, date(2026, 11, 30)) if f.rule[0] == "H"]
    assert {"H001", "H003"} <= {f.rule for f in found} and silent(found) == []
    changed = next(f for f in found if f.rule == "H003")
    assert "金额 300.00 → 250.00" in render("H003", changed.message, "zh")


# --- the command line: help and usage problems ------------------------------------------------


def test_help_speaks_chinese_by_default_and_english_when_asked(monkeypatch):
    monkeypatch.delenv("QINGQIAN_LANG", raising=False)
    chinese = CliRunner().invoke(cli, ["--help"], terminal_width=80, prog_name="qingqian")
    assert chinese.exit_code == 0
    assert "用法：qingqian" in chinese.output and "选项:" in chinese.output
    assert "check       校验台账：结构、引用、账务、制度与预警" in chinese.output
    assert "显示本帮助并退出。" in chinese.output
    detail = CliRunner().invoke(cli, ["check", "--help"], terminal_width=80).output
    assert "校验台账" in detail and "有警告也判为不通过。" in detail
    asked = CliRunner().invoke(cli, ["check", "--lang", "en", "--help"]).output
    assert "Validate the ledger" in asked and "Warnings fail the check too." in asked
    monkeypatch.setenv("QINGQIAN_LANG", "en")
    english = CliRunner().invoke(cli, ["--help"], prog_name="qingqian").output
    assert english.startswith("Usage: qingqian") and "Commands:" in english
    assert "check       Validate the ledger: structure" in english


def test_every_command_speaks_the_help_language_and_fits_the_terminal(monkeypatch):
    """Every command of the tree is a bilingual one, each help text is in the catalogue, and
    the Chinese help fits 80 columns (a Chinese character takes two; Click's own long lines,
    a list of choices, are as in English)."""
    from qingqian.cli.bilingual import HelpInLanguage, help_messages, walk
    from qingqian.cli.widetext import columns, is_wide

    monkeypatch.delenv("QINGQIAN_LANG", raising=False)
    paths = list(walk(cli))
    assert len(paths) > 35
    assert all(isinstance(command, HelpInLanguage) for _path, command in paths)
    untranslated = [text for text, _where in help_messages(cli) if _(text, "zh") == text]
    assert untranslated == []
    for path, _command in paths:
        out = CliRunner().invoke(cli, [*path[1:], "--help"], terminal_width=80).output
        wide = [line for line in out.splitlines() if is_wide(line) and columns(line) > 80]
        assert wide == [], (path, wide)


def _problem_texts() -> list[tuple[str, str]]:
    """(file, sample text) of every usage problem the package raises with a written message:
    each value of an f-string replaced by a sample (v0, v1 …)."""
    import ast

    from qingqian.i18n import LOCALE as _LOCALE

    raisers = {"UsageProblem", "RootNotFound", "WriteProblem", "GitProblem", "HookProblem",
               "InitRefused", "LockProblem"}
    out = []
    for path in sorted(_LOCALE.parents[1].rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in raisers and node.args):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                out.append((path.name, arg.value))
            elif isinstance(arg, ast.JoinedStr):
                names: dict[str, str] = {}  # one expression, one sample (`{ident}` twice)
                parts = [part.value if isinstance(part, ast.Constant)
                         else names.setdefault(ast.unparse(part), f"v{len(names)}")
                         for part in arg.values]
                literal = "".join(p.value for p in arg.values if isinstance(p, ast.Constant))
                if literal.strip(" :;,.()`") or not literal:  # only values: nothing to translate
                    out.append((path.name, "".join(parts)))
    return out


def test_every_usage_problem_has_a_chinese_template():
    from qingqian.i18n.messages import covered

    texts = _problem_texts()
    assert len(texts) > 50
    missing = [(name, text) for name, text in texts
               if text.strip(" :;v0123456789") and not covered("CLI", text)]
    assert missing == []


def test_a_usage_problem_is_said_in_the_language_asked(tmp_path, monkeypatch):
    monkeypatch.delenv("QINGQIAN_LANG", raising=False)
    root = write_ledger(tmp_path, {})
    result = CliRunner().invoke(cli, ["--root", str(root), "record", "payment", "AR-404",
                                      "--amount", "1.00", "--as-of", "2026-11-30"])
    assert result.exit_code == 2 and "台账中没有债权 `AR-404`" in result.output
    bad_date = CliRunner().invoke(cli, ["--root", str(root), "check", "--as-of", "2026-13-01"])
    assert bad_date.exit_code == 2
    assert "'2026-13-01' 不是日期（应写成 2026-11-30）" in bad_date.output
    english = CliRunner().invoke(cli, ["--root", str(root), "check", "--lang", "en", "--as-of",
                                       "2026-13-01"])
    assert "'2026-13-01' is not a date like 2026-11-30" in english.output


def test_each_template_renders_its_own_sentence():
    """No template is shadowed by another of its rule (or phrase list): a sentence made from a
    template, with sample values, renders by that template's Chinese."""
    from qingqian.i18n.finding_templates import FRAGMENTS
    from qingqian.i18n.messages import TEMPLATES, _fill

    for rule, group in [*TEMPLATES.items(), ("phrase", FRAGMENTS)]:
        for english in group:
            names = dict.fromkeys(n for _lit, n, _spec, _conv in string.Formatter().parse(english)
                                  if n)
            values = {name: f"q{index}z" for index, name in enumerate(names)}
            sentence = english.format(**values)
            got = _fill(group, sentence, "zh") if rule == "phrase" else render(rule, sentence, "zh")
            assert got == _(english, "zh").format(**values), (rule, english)


def test_amounts_in_a_finding_carry_thousands_separators_in_either_language():
    """A rule writes an amount plain (1250000.00); the clerk reads it grouped, while a hint that
    says what to type keeps the plain form."""
    message = ("collected 1250000.00 + credited 0.00 + written off 0.00 exceeds invoiced "
               "1200000.00 by 50000.00")
    shown = render("L001", message, "zh")
    assert "1,250,000.00" in shown and "1,200,000.00" in shown and "50,000.00" in shown
    assert render("L001", message, "en") == ("collected 1,250,000.00 + credited 0.00 + written off "
                                             "0.00 exceeds invoiced 1,200,000.00 by 50,000.00")
    hint = render("S010", 'write it in quotes without the commas: `amount: "1000.00"`', "zh")
    assert '"1000.00"' in hint
