"""The generic table renderer: display-width alignment, number formats, Markdown escaping."""

from __future__ import annotations

from decimal import Decimal

from qingqian.render.table import md_escape, render_tables
from qingqian.reports.layout import Column, Table

TABLE = Table(
    (Column("名称"), Column("金额", "money"), Column("完成率", "ratio"), Column("笔数", "int")),
    rows=(("华东|工程", Decimal("1250000"), "0.8500", 3), ("a*b", Decimal("1234567.891"), None, 0)),
    totals=(("合计", Decimal("2484567.89"), None, 3),),
)


def test_text_aligns_chinese_by_display_width_and_keeps_numbers():
    lines = render_tables([TABLE], "table").splitlines()
    assert lines[0].startswith("名称")
    assert "1,250,000.00" in lines[2] and "1,234,567.89" in lines[3]  # never 1.23457e+06
    from wcwidth import wcswidth
    assert len({wcswidth(line) for line in lines}) == 1  # every line equally wide on screen
    assert lines[2].endswith("3") and "2,484,567.89" in lines[-1]


def test_csv_plain_two_decimals():
    assert render_tables([TABLE], "csv").splitlines() == [
        "名称,金额,完成率,笔数", "华东|工程,1250000.00,0.8500,3", "a*b,1234567.89,,0",
        "合计,2484567.89,,3"]


def test_markdown_escapes_cells_and_right_aligns_numbers():
    lines = render_tables([TABLE], "markdown").splitlines()
    assert lines[1] == "| --- | ---: | ---: | ---: |"
    assert lines[2] == "| 华东\\|工程 | 1,250,000.00 | 85.0% | 3 |"  # ratios read as percentages
    assert lines[3].startswith("| a\\*b |")
    assert lines[4] == "| **合计** | **2,484,567.89** |  | **3** |"
    assert md_escape("[x](y) <b> `c` _d_") == "\\[x\\](y) \\<b\\> \\`c\\` \\_d\\_"


def test_wan_scale_divides_money_and_says_so_in_the_titles():
    from qingqian.render.table import Display

    zh = render_tables([TABLE], "table", Display("wan", "zh")).splitlines()
    assert "金额（万元）" in zh[0] and "完成率" in zh[0] and "（万元）" not in zh[0].split("金额（万元）")[1]
    assert "125.00" in zh[2] and "123.46" in zh[3]  # 1,250,000 → 125.00; 1,234,567.891 → 123.46
    csv = render_tables([TABLE], "csv", Display("wan", "en")).splitlines()
    assert csv[0] == "名称,金额 (10k),完成率,笔数" and csv[1] == "华东|工程,125.00,0.8500,3"
