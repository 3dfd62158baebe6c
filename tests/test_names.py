"""Names where a person reads and where a clerk types: `--by 张伟` resolves to its id."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import PEOPLE, receivable, write_ledger
from qingqian.cli import cli
from qingqian.names import NameProblem, Names, resolve

TABLE = {"zhang.wei": "张伟", "zhang.wei2": "张伟", "li.si": "李四", "wang.fang": "王芳"}


def test_an_id_or_a_unique_name_gives_the_id():
    assert resolve("li.si", TABLE) == "li.si"
    assert resolve("李四", TABLE) == "li.si"
    assert resolve("nobody.at.all", TABLE) == "nobody.at.all"  # left for the checks to report


def test_two_people_of_one_name_are_named_with_their_ids():
    with pytest.raises(NameProblem, match="「张伟」对应多个人员：zhang.wei（张伟）、zhang.wei2（张伟），请写编号"):
        resolve("张伟", TABLE)
    with pytest.raises(NameProblem, match="did you mean wang.fang（王芳）"):
        resolve("王方", TABLE, lang="en")


def test_names_show_names_and_unknown_ids_as_themselves():
    names = Names(debtors={"D-0001": "某置业"}, people={"li.si": "李四"})
    assert (names.debtor("D-0001"), names.person("li.si"), names.person("x.y")) == ("某置业", "李四", "x.y")


def test_record_by_a_person_name(tmp_path):
    people = PEOPLE + "  - {id: zhang.wei, name: 张伟, unit: east, roles: [collector], status: active}\n"
    write_ledger(tmp_path, {"policies/people.yaml": people,
                            "ledger/east/2024/AR-1.yaml": receivable(events="""\
                                - {date: 2024-01-20, type: invoice, amount: "1000.00", due: 2024-02-29}
                                """)})
    run = lambda *a: CliRunner().invoke(cli, ["--root", str(tmp_path), "record", "visit", "AR-1",
                                              "--with", "王科长", "--signed", "--date", "2026-11-30",
                                              "--as-of", "2026-11-30", *a])
    done = run("--by", "张伟")
    assert done.exit_code == 0, done.output
    assert "by: zhang.wei" in (tmp_path / "ledger/east/2024/AR-1.yaml").read_text(encoding="utf-8")
    twice = people + "  - {id: zhang.wei2, name: 张伟, unit: west, roles: [collector], status: active}\n"
    (tmp_path / "policies/people.yaml").write_text(twice, encoding="utf-8")
    refused = run("--by", "张伟")
    assert refused.exit_code == 2
    assert "zhang.wei（张伟）、zhang.wei2（张伟）" in refused.stderr


def test_report_filters_take_names(tmp_path):
    write_ledger(tmp_path, {"ledger/east/2024/AR-1.yaml": receivable(events="""\
                                - {date: 2024-01-20, type: invoice, amount: "1000.00", due: 2024-02-29}
                                """)})
    run = lambda *a: CliRunner().invoke(cli, ["--root", str(tmp_path), "total", "--as-of",
                                              "2026-11-30", "--format", "json", *a],
                                        env={"QINGQIAN_NO_CACHE": "1"})
    by_id, by_name = run("--collector", "li.si"), run("--collector", "李四")
    assert by_id.exit_code == 0 and by_id.stdout == by_name.stdout
    unit = run("--unit", "华东")
    assert unit.exit_code == 2 and "east（华东工程公司）" in unit.stderr
