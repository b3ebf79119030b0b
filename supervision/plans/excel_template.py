"""The import template of a new plan: the "规划" sheet, an empty task sheet and the indicators sheet (指标) in
the columns the indicator export writes."""

from __future__ import annotations

from supervision.indicators.export import COLUMNS, SHEET
from supervision.plans.excel_layout import PLAN_COLUMNS, PLANS_SHEET, TASK_COLUMNS
from supervision.plans.excel_write import PLAN_WIDTHS, TASK_WIDTHS
from supervision.spreadsheets import workbook_bytes, write_sheet

EXAMPLE_CODE = "HZ-2026-2030"
EXAMPLE_PLAN = [EXAMPLE_CODE, "（示例）请改为新规划的名称", 2026, 2030, None]


def template_xlsx() -> bytes:
    """One example plan row (its task sheet named by the code), no tasks, no indicators."""
    from openpyxl import Workbook

    workbook = Workbook()
    plans = workbook.active
    plans.title = PLANS_SHEET
    write_sheet(plans, PLAN_COLUMNS, [EXAMPLE_PLAN], widths=PLAN_WIDTHS, wrap=True)
    write_sheet(workbook.create_sheet(EXAMPLE_CODE), TASK_COLUMNS, [], widths=TASK_WIDTHS, wrap=True)
    write_sheet(workbook.create_sheet(SHEET), [c for c in COLUMNS if c not in ("方向", "规则")], [])
    return workbook_bytes(workbook)
