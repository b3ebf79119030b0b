"""A department's record over all years as an Excel workbook (任期目标责任制考核), through supervision/spreadsheets."""

from __future__ import annotations

from supervision.evaluations.record import LIGHT_COLUMNS, YearRecord
from supervision.milestones.lights import LIGHT_LABELS
from supervision.spreadsheets import workbook_bytes, write_sheet

SHEET = "历年记录"
HEADERS = (
    "年度",
    "考核得分",
    "等次",
    "排名",
    "参评部门数",
    "到期节点",
    "按时通过",
    "按时率",
    *(f"年末{LIGHT_LABELS[k]}（任务数）" for k in LIGHT_COLUMNS),
)


def record_xlsx(rows: list[YearRecord]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    write_sheet(sheet, HEADERS, (_row(r) for r in rows), widths=(8, 10, 8, 8, 10, 10, 10, 10, *(14,) * 6))
    return workbook_bytes(workbook)


def _row(r: YearRecord) -> list:
    return [
        r.year,
        r.total,
        r.grade,
        r.rank,
        r.rank_of,
        r.due,
        r.on_time,
        r.on_time_rate,
        *(r.lights[k] for k in LIGHT_COLUMNS),
    ]
