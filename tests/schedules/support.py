"""A 2027 schedule as the State Council might publish it (清明节 with a make-up Saturday), as YAML."""

from __future__ import annotations

from io import BytesIO

YEAR_2027 = """\
year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知
holidays:
  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
  - {name: 清明节, from: 2027-04-05, to: 2027-04-06}
  - name: 国庆节、中秋节
    from: 2027-10-01
    to: 2027-10-07
workdays: [2027-04-10, 2027-10-09]
"""


def write(tmp_path, text: str, name: str = "2027.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def workbook_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "节假日安排"
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
