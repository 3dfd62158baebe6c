"""The collector's day: the escalation ladder, `todo`, `calendar` and case entries from the CLI."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, SCAFFOLD, as_json, receivable, write_ledger
from qingqian.collect.ladder import ladder
from qingqian.collect.todo import items
from qingqian.ledger import load
from qingqian.rules import check

AS_OF = date(2026, 11, 30)
INVOICE = "- {date: 2026-07-01, type: invoice, amount: \"100000.00\", due: 2026-08-01, ref: JS-1}"


def rung(make_ledger, events: str, extra: dict | None = None):
    ledger = make_ledger({"ledger/east/2026/AR-1.yaml": receivable("AR-1", events),
                          **(extra or {})})
    found = ladder(ledger, AS_OF)
    assert [r.receivable for r in found] == ["AR-1"]
    return found[0]


def test_untouched_overdue_receivable_starts_at_the_first_rung(make_ledger) -> None:
    r = rung(make_ledger, INVOICE)
    assert (r.level, r.next_level, r.action, r.due) == (None, "reminder", "phone", date(2026, 8, 8))
    assert r.days_past_due == 121 and r.who == "li.si"


def test_a_receivable_not_yet_due_waits_for_the_first_rung(make_ledger) -> None:
    r = rung(make_ledger, INVOICE.replace("due: 2026-08-01", "due: 2026-12-10"))
    assert (r.level, r.next_level, r.due, r.days_past_due) == (None, "reminder", date(2026, 12, 17), 0)
    assert (r.overdue, r.outstanding) == (0, 100000)


def test_delivered_demand_satisfies_the_demand_rung(make_ledger) -> None:
    undelivered = rung(make_ledger, INVOICE + "\n- {date: 2026-09-05, type: demand}")
    assert (undelivered.level, undelivered.next_level) == ("reminder", "demand")
    delivered = rung(make_ledger, INVOICE + "\n- {date: 2026-09-05, type: demand, delivered: 2026-09-07}")
    assert (delivered.level, delivered.next_level, delivered.letter) == ("demand", "visit", "visit-form")
    assert delivered.due == date(2026, 9, 30)  # 60 days past due


def test_signed_visit_satisfies_the_visit_rung_an_unsigned_one_does_not(make_ledger) -> None:
    signed = rung(make_ledger, INVOICE + "\n- {date: 2026-10-05, type: visit, by: li.si, signed: true}")
    assert (signed.level, signed.next_level, signed.who) == ("visit", "lawyer", "wang.fa")
    unsigned = rung(make_ledger, INVOICE + "\n- {date: 2026-10-05, type: visit, by: li.si}")
    assert unsigned.level == "reminder"


CASE = """\
id: C-1
debtor: D-0001
receivables: [AR-1]
owner: wang.fa
strategy: cash
stages:
  - {date: 2026-10-01, stage: documents}
"""


def test_a_case_takes_the_receivable_to_the_cases_next_step(make_ledger) -> None:
    r = rung(make_ledger, INVOICE, {"cases/C-1.yaml": CASE})
    assert (r.level, r.action, r.due, r.case, r.who) == \
        ("case", "investigation", date(2026, 10, 31), "C-1", "wang.fa")
    moved = rung(make_ledger, INVOICE, {"cases/C-1.yaml": CASE +
                 "  - {date: 2026-11-10, stage: preservation}\n"})
    assert (moved.action, moved.due) == ("litigation", date(2026, 12, 10))


def test_a_case_without_stages_or_closed_leaves_the_ladder_to_the_receivable(make_ledger) -> None:
    bare = CASE[:CASE.index("stages:")]
    assert rung(make_ledger, INVOICE, {"cases/C-1.yaml": bare}).next_level == "reminder"
    closed = CASE + "  - {date: 2026-11-01, stage: closed}\n"
    ledger = make_ledger({"ledger/east/2026/AR-1.yaml": receivable("AR-1", INVOICE),
                          "cases/C-1.yaml": closed})
    assert ladder(ledger, AS_OF) == ()  # top rung done, case closed: P011 asks for the write-off


def test_ladder_numbers_come_from_rules_yaml(make_ledger, tmp_path: Path) -> None:
    rules = (SCAFFOLD / "policies/rules.yaml").read_text(encoding="utf-8")
    rules = rules.replace("{id: reminder, days: 7,", "{id: reminder, days: 20,")
    r = rung(make_ledger, INVOICE, {"policies/rules.yaml": rules})
    assert r.due == date(2026, 8, 21)


def test_a_ledger_without_dunning_gets_the_documented_defaults(make_ledger) -> None:
    rules = (SCAFFOLD / "policies/rules.yaml").read_text(encoding="utf-8")
    rules = rules[:rules.index("dunning:")]
    ledger = make_ledger({"ledger/east/2026/AR-1.yaml": receivable("AR-1", INVOICE),
                          "policies/rules.yaml": rules})
    assert not [f for f in check(ledger, AS_OF) if f.severity == "error"]
    assert [r.next_level for r in ladder(ledger, AS_OF)] == ["reminder"]


def test_every_alert_in_check_is_a_todo_item_and_back() -> None:
    """One computation: A findings and todo items with an alert name the same places."""
    ledger = load(ROOT)
    for as_of in (AS_OF, date(2026, 6, 30), date(2027, 3, 1)):
        alerts = {(f.rule, f.path, f.line) for f in check(ledger, as_of)
                  if f.rule in {f"A00{i}" for i in range(1, 9)}}
        queued = {(i.alert, i.path, i.line) for i in items(ledger, as_of) if i.alert}
        assert alerts and alerts == queued


def test_todo_ranks_limitation_before_a_routine_reminder(qq, tmp_path: Path) -> None:
    events = """\
    - {date: 2023-10-01, type: invoice, amount: "5000.00", due: 2023-12-20, ref: JS-9}
    """
    write_ledger(tmp_path, {"ledger/east/2023/AR-9.yaml": receivable("AR-9", events),
                            "ledger/east/2026/AR-1.yaml": receivable("AR-1", INVOICE)})
    code, out = qq("todo", "--as-of", "2026-11-30", "--format", "json")
    assert code == 0
    doc = as_json(out)
    kinds = [(i["kind"], i["subject"]) for i in doc["items"]]
    assert kinds[0] == ("limitation", "AR-9")
    assert kinds.index(("action", "AR-1")) > 0
    assert doc["overdue"] == sum(i["status"] == "overdue" for i in doc["items"])


def test_todo_collector_by_name_or_id_and_horizon(qq, tmp_path: Path) -> None:
    write_ledger(tmp_path, {"ledger/east/2026/AR-1.yaml": receivable(
        "AR-1", INVOICE + "\n- {date: 2026-11-20, type: promise, amount: \"5000.00\", by_date: 2027-01-15}")})
    by_id = qq("todo", "--as-of", "2026-11-30", "--collector", "li.si", "--format", "json")[1]
    by_name = qq("todo", "--as-of", "2026-11-30", "--collector", "李四", "--format", "json")[1]
    assert by_id == by_name
    short = as_json(qq("todo", "--as-of", "2026-11-30", "--format", "json")[1])
    assert "promise" not in [i["kind"] for i in short["items"]]
    wide = as_json(qq("todo", "--as-of", "2026-11-30", "--horizon", "60d", "--format", "json")[1])
    assert "promise" in [i["kind"] for i in wide["items"]]
    nobody = as_json(qq("todo", "--as-of", "2026-11-30", "--collector", "王五", "--format", "json")[1])
    assert nobody["items"] == []
    rent = as_json(qq("todo", "--as-of", "2026-11-30", "--kind", "rent", "--format", "json")[1])
    assert rent["items"] == [] and rent["ladder"] == []
    assert qq("todo", "--horizon", "soon")[0] == 2


def test_todo_in_english_and_chinese(qq, tmp_path: Path) -> None:
    write_ledger(tmp_path, {"ledger/east/2026/AR-1.yaml": receivable("AR-1", INVOICE)})
    zh = qq("todo", "--as-of", "2026-11-30")[1]
    en = qq("todo", "--as-of", "2026-11-30", "--lang", "en")[1]
    assert "今日待办" in zh and "电话提醒" in zh and "李四" in zh
    assert "Work queue" in en and "phone" in en


CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _without_ledger_text(text: str, ledger) -> str:
    """The output with the ledger's own names (free text in the ledger's language) removed."""
    for name in sorted([*(d.name for d in ledger.debtors.values()),
                        *(p.name for p in ledger.people.values()),
                        *(u.name for u in ledger.units.values())], key=len, reverse=True):
        text = text.replace(name, "")
    return text


def _word_cells(markdown: str, titles: tuple[str, ...]) -> list[str]:
    """The cells under the given column titles of every Markdown table in `markdown`."""
    cells, wanted = [], []
    for line in markdown.splitlines():
        row = [c.strip() for c in line.strip("| ").split("|")] if line.startswith("|") else []
        if not row or set(row[0]) <= set("-: "):
            wanted = [] if not row else wanted
            continue
        if any(t in row for t in titles) and not wanted:
            wanted = [i for i, c in enumerate(row) if c in titles]
            continue
        cells += [row[i] for i in wanted if i < len(row)]
    return cells


def test_demo_todo_is_all_english_or_all_chinese() -> None:
    """Every heading, status, kind, action and rung in the language asked: `--lang en` shows no
    Chinese but the ledger's own names, the default no English word in those columns."""
    from click.testing import CliRunner
    from qingqian.cli import cli

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--root", str(ROOT), "todo", "--as-of", "2026-11-30",
                                          "--format", "markdown", *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    ledger = load(ROOT)
    en, zh = run("--lang", "en"), run()
    assert "Work queue 2026-11-30 (" in en and "escalation" in en and "phone reminder" in en
    assert CJK.findall(_without_ledger_text(en, ledger)) == []
    words = _word_cells(zh, ("状态", "类别", "事项", "当前阶梯"))
    assert len(words) > 60 and "开庭" in words and "财产调查" not in words
    assert [w for w in words if re.search("[A-Za-z]", w)] == []
    assert "今日待办 2026-11-30（逾期待办 " in zh
    mail = CliRunner().invoke(cli, ["--root", str(ROOT), "todo", "--as-of", "2026-11-30",
                                    "--mail", "--dry-run", "--lang", "en"]).stdout
    assert "would send to" in mail and CJK.findall(_without_ledger_text(mail, ledger)) == []


def test_todo_pages_speak_the_site_language(make_ledger) -> None:
    """The collector's day pages (site) in English: no Chinese but the ledger's names."""
    from qingqian.site import todo_pages
    from qingqian.site.build import site_data

    ledger = make_ledger({"ledger/east/2026/AR-1.yaml": receivable("AR-1", INVOICE)})
    for lang in ("en", "zh"):
        pages = todo_pages.pages(site_data(ledger, AS_OF, lang, False))
        text = "\n".join(pages.values()) + todo_pages.overview_block(site_data(ledger, AS_OF, lang,
                                                                            False))
        assert set(pages) == {"todo/index.md", "todo/li.si.md", "todo/unit-east.md",
                              "todo/unit-hq.md", "todo/unit-west.md"}
        if lang == "en":
            assert "Work queue" in text and "phone reminder" in text
            assert CJK.findall(_without_ledger_text(text, ledger)) == []
        else:
            assert "今日待办" in text and "电话提醒" in text and "phone" not in text


def test_calendar_parses_and_keeps_uids_across_exports(qq, tmp_path: Path) -> None:
    from icalendar import Calendar

    ledger_dir = tmp_path / "l"
    write_ledger(ledger_dir, {"ledger/east/2026/AR-1.yaml": receivable(
        "AR-1", INVOICE + "\n- {date: 2026-11-20, type: promise, amount: \"5000.00\", by_date: 2026-12-15}")})
    out = tmp_path / "cal"
    code, text = qq("calendar", "--as-of", "2026-11-30", "--out-dir", str(out), root=ledger_dir)
    assert code == 0 and "li.si.ics" in text

    def events(path: Path) -> dict:
        cal = Calendar.from_ical(path.read_bytes())
        return {str(e["uid"]): e for e in cal.walk("VEVENT")}

    first = events(out / "li.si.ics")
    promise = [e for e in first.values() if "还款承诺" in str(e["summary"])]
    assert len(promise) == 1
    event = promise[0]
    assert event.decoded("dtstart") == date(2026, 12, 15)
    alarm = event.walk("VALARM")[0]
    assert alarm.decoded("trigger").days == -7
    # a later run exports the same bytes; after a new receivable, the old UIDs are all kept
    qq("calendar", "--as-of", "2026-11-30", "--out-dir", str(out), root=ledger_dir)
    assert set(events(out / "li.si.ics")) == set(first)
    (ledger_dir / "ledger/east/2026/AR-2.yaml").write_text(
        receivable("AR-2", INVOICE.replace("JS-1", "JS-2")), encoding="utf-8")
    qq("calendar", "--as-of", "2026-11-30", "--out-dir", str(out), root=ledger_dir)
    second = events(out / "li.si.ics")
    assert set(first) < set(second)
    assert all(second[u].decoded("dtstart") == e.decoded("dtstart") for u, e in first.items())


CASE_FILE = """\
# 案件说明：保留这行注释
id: C-1
debtor: D-0001
receivables: [AR-1]
owner: wang.fa
strategy: cash
stages:
  - {date: 2026-10-01, stage: documents}   # 立案
"""


@pytest.fixture
def case_ledger(tmp_path: Path) -> Path:
    return write_ledger(tmp_path, {"ledger/east/2026/AR-1.yaml": receivable("AR-1", INVOICE),
                                   "cases/C-1.yaml": CASE_FILE})


def test_case_entries_from_the_command_line_keep_comments(qq, case_ledger: Path) -> None:
    for args in (["stage", "C-1", "--stage", "preservation", "--court", "某区法院", "--date", "2026-11-01"],
                 ["stage", "C-1", "--stage", "litigation", "--case-no", "(2026)某01民初1号", "--date", "2026-11-20"],
                 ["hearing", "C-1", "--date", "2026-12-10", "--court", "某区法院"],
                 ["cost", "C-1", "--amount", "1200", "--cost-type", "court-fee", "--date", "2026-11-20"],
                 ["agreement", "C-1", "--installment", "2026-12-31:50000", "--date", "2026-11-25"],
                 ["installment-paid", "C-1", "--amount", "10000", "--ref", "HD-7", "--date", "2026-11-28"]):
        code, out = qq("record", *args, "--as-of", "2026-11-30")
        assert code == 0, out
    text = (case_ledger / "cases/C-1.yaml").read_text(encoding="utf-8")
    assert "# 案件说明：保留这行注释" in text and "# 立案" in text
    assert "hearings:\n  - {date: 2026-12-10, court: 某区法院}" in text
    assert '{due: 2026-12-31, amount: "50000.00"}' in text
    ledger = load(case_ledger)
    assert not [f for f in check(ledger, AS_OF) if f.severity == "error"]
    assert ledger.receivables["AR-1"].events[-1].ref == "HD-7"
    r = ladder(ledger, AS_OF)[0]
    assert (r.action, r.due) == ("hearing", date(2026, 12, 10))  # the case moved the ladder


def test_case_judgment_and_refusal_of_a_backward_stage(qq, case_ledger: Path) -> None:
    code, _ = qq("record", "judgment", "C-1", "--amount", "100000", "--pay-by", "2026-11-15",
                 "--date", "2026-11-01", "--as-of", "2026-11-30")
    assert code == 0
    r = ladder(load(case_ledger), AS_OF)[0]
    assert (r.action, r.due) == ("apply-enforcement", date(2026, 12, 15))
    before = (case_ledger / "cases/C-1.yaml").read_bytes()
    code, out = qq("record", "stage", "C-1", "--stage", "documents", "--date", "2026-11-29",
                   "--as-of", "2026-11-30")
    assert code == 1 and "P010" in out
    assert (case_ledger / "cases/C-1.yaml").read_bytes() == before
    assert qq("record", "payment", "AR-1", "--stage", "litigation", "--amount", "1")[0] == 2


def test_arbitration_stage_from_the_command_line_and_its_award(qq, case_ledger: Path) -> None:
    """`--stage arbitration` is offered, and a judgment recorded after it keeps the stage
    (the stage list is the model's one list, arbitration included)."""
    code, out = qq("record", "stage", "C-1", "--stage", "arbitration", "--date", "2026-11-02",
                   "--as-of", "2026-11-30")
    assert code == 0, out
    code, out = qq("record", "judgment", "C-1", "--amount", "100000", "--pay-by", "2026-11-15",
                   "--date", "2026-11-03", "--as-of", "2026-11-30")
    assert code == 0, out
    stages = load(case_ledger).cases["C-1"].stages
    assert [s.stage for s in stages][-2:] == ["arbitration", "arbitration"]


def test_site_publishes_todo_pages_calendars_and_the_overdue_count(tmp_path: Path) -> None:
    from icalendar import Calendar
    from qingqian.site.build import build_site

    result = build_site(ROOT, AS_OF, tmp_path / "site", strict=True, src=tmp_path / "src")
    assert result.ok, result.problems
    docs = tmp_path / "src" / "docs"
    page = (docs / "todo" / "sun.li.md").read_text(encoding="utf-8")
    assert "今日待办 孙丽" in page and "(sun.li.ics)" in page and "AR-2025-0011" in page
    assert "催收阶梯" in page
    assert (docs / "todo" / "unit-property.md").is_file()
    published = tmp_path / "site" / "todo" / "sun.li.ics"
    cal = Calendar.from_ical(published.read_bytes())
    assert [e.decoded("dtstart") for e in cal.walk("VEVENT") if "还款承诺" in str(e["summary"])] \
        == [date(2026, 12, 10)]
    overdue = sum(i.status == "overdue" for i in items(load(ROOT), AS_OF))
    overview = (docs / "index.md").read_text(encoding="utf-8")
    assert f'data-figure="overdue_actions"><span class="qq-kpi-label">逾期待办</span> ' \
           f'<strong class="qq-kpi-value">{overdue}</strong>' in overview


def test_every_demo_collector_has_a_queue() -> None:
    ledger = load(ROOT)
    found = items(ledger, AS_OF)
    for person in ("li.si", "liu.yang", "sun.li"):
        mine = [i for i in found if person in i.people]
        assert len(mine) >= 4 and {i.status for i in mine} >= {"overdue", "ahead"}, person


def test_demo_todo_for_li_si_matches_its_golden_file(golden) -> None:
    from click.testing import CliRunner
    from qingqian.cli import cli

    result = CliRunner().invoke(cli, ["--root", str(ROOT), "todo", "--collector", "李四",
                                      "--as-of", "2026-11-30", "--format", "markdown"])
    assert result.exit_code == 0
    golden("todo-li.si-2026-11-30.md", result.stdout)


def test_todo_never_shows_an_amount_without_its_currency_when_there_are_several(qq, tmp_path) -> None:
    write_ledger(tmp_path, {"ledger/east/2026/AR-1.yaml": receivable("AR-1", INVOICE),
                            "ledger/east/2026/AR-2.yaml": receivable(
                                "AR-2", INVOICE.replace("JS-1", "JS-2"), extra="currency: USD\n")})
    doc = as_json(qq("todo", "--as-of", "2026-11-30", "--format", "json")[1])
    assert {(i["subject"], i["currency"]) for i in doc["items"] if i["kind"] == "action"} == \
        {("AR-1", "CNY"), ("AR-2", "USD")}
    csv_text = qq("todo", "--as-of", "2026-11-30", "--format", "csv")[1]
    assert csv_text.splitlines()[0].split(",")[8] == "币种" and ",USD,100000.00," in csv_text
