"""Generate 台账示例.xlsx: a legacy receivables sheet as finance departments keep them.

Run `python examples/import/make_example.py`; then try
`qingqian import examples/import/台账示例.xlsx --mapping examples/import/mapping.yaml --opened 2026-01-01 --dry-run`.

The cells are deliberately mixed, as real sheets are: dates as date cells, as
text 2024/5/10 and as text 2024-05-10; amounts as numbers and as text with
thousands separators. Every row is invoiced before 2026-01-01, the day the ledger takes
over, so 已收金额 becomes an opening balance, not a payment. Two rows cannot be read (a
bad amount, a bad date) and the import refuses them by row number.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HEADER = ("序号", "单位", "客户名称", "合同编号", "项目名称", "开票日期", "到期日", "应收金额",
          "已收金额", "回款日期", "经办人", "备注")
BUILD, SALES, PROPERTY = "江州华建建筑工程有限公司", "江州华建销售有限公司", "江州华建物业管理有限公司"
D = datetime
ROWS = [
    (1, BUILD, "江州铁塔通信有限公司", "HT-2024-201", "基站机房土建工程",
     D(2024, 3, 15), D(2024, 4, 30), 1250000.00, 1250000.00, D(2024, 4, 28), "李四", "已结清"),
    (2, BUILD, "江州南湖置业有限公司", "HT-2024-215", "南湖花园二期桩基工程",
     "2024/5/10", "2024/6/30", "2,380,000.00", "1,000,000.00", "2025/12/31", "李四", "对方资金紧张"),
    (3, BUILD, "江州南湖置业有限公司", "HT-2024-216", "南湖花园二期土方工程",
     "2024-06-20", "2024-08-31", 560000.5, 0, None, "李四", ""),
    (4, SALES, "江州百联商贸有限公司", "XS-2024-031", "建材销售",
     D(2024, 7, 1), D(2024, 8, 30), 86420.35, 86420.35, D(2024, 8, 20), "刘洋", "已结清"),
    (5, SALES, "江州百联商贸有限公司", "XS-2024-044", "建材销售",
     "2024/9/12", "2024/11/11", "132,500.00", "32,500.00", "2025/12/31", "刘洋", ""),
    (6, SALES, "江州鼎盛五金有限公司", "XS-2024-052", "五金配件销售",
     D(2024, 10, 8), D(2024, 12, 7), 45800, 12000, D(2025, 12, 31), "刘洋", ""),
    (7, SALES, "江州鼎盛五金有限公司", "XS-2025-003", "五金配件销售",
     "2025-01-15", "2025-03-16", "￥58,300.80", "", None, "刘洋", "发票已寄出"),
    (8, PROPERTY, "江州小桔咖啡店", "ZL-2024-011", "商铺租金2024年下半年",
     D(2024, 7, 1), D(2024, 7, 10), 72000.00, 72000.00, D(2024, 12, 28), "孙丽", ""),
    (9, PROPERTY, "江州小桔咖啡店", "ZL-2025-002", "商铺租金2025年上半年",
     "2025/1/1", "2025/1/10", "72,000.00", "0", None, "孙丽", ""),
    (10, PROPERTY, "江州新视界眼镜店", "ZL-2024-019", "商铺租金及物业费",
     D(2024, 11, 1), D(2024, 11, 15), 0.1 + 0.2 + 45600, 45600.3, D(2024, 11, 30), "孙丽",
     "Excel 公式求和产生的浮点尾差"),
    (11, BUILD, "江州经开区管委会", "HT-2023-188", "经开区标准厂房三期",
     "2023/12/28", "2024/3/31", "3,650,000.00", "2,900,000.00", "2025/12/31", "李四", "审计中"),
    (12, BUILD, "江州高新区建设发展有限公司", "HT-2024-240", "高新区污水管网改造",
     D(2024, 12, 20), D(2025, 3, 31), 918765.43, 500000, D(2025, 12, 31), "李四", ""),
    (13, SALES, "江州海纳贸易有限公司", "XS-2025-017", "钢材销售",
     "2025.4.3", "2025.6.2", "215,000.00", "215,000.00", "2025.6.1", "刘洋", ""),
    (14, SALES, "江州海纳贸易有限公司", "XS-2025-021", "钢材销售",
     "2025/5/6", "2025/7/5", "十二万", "", None, "刘洋", "坏行：金额写成了汉字"),
    (15, PROPERTY, "江州小桔咖啡店", "ZL-2025-009", "商铺租金2025年下半年",
     "2025/13/45", "2025/7/10", "72,000.00", "", None, "孙丽", "坏行：日期不存在"),
]


def build(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "应收台账"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in ROWS:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy/m/d"
            elif isinstance(cell.value, (int, float)) and cell.column in (8, 9):
                cell.number_format = "#,##0.00"
    for column, width in zip("ABCDEFGHIJKL", (6, 26, 26, 14, 26, 12, 12, 16, 16, 12, 8, 28)):
        sheet.column_dimensions[column].width = width
    book.save(path)
    return path


if __name__ == "__main__":
    print(build(Path(__file__).with_name("台账示例.xlsx")))
