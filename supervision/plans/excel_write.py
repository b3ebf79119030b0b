"""Plans to an Excel workbook: a "规划" sheet listing the plans, then one task sheet per plan code."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from supervision.plans.excel_layout import KIND_LABELS, PLAN_COLUMNS, PLANS_SHEET, TASK_COLUMNS
from supervision.spreadsheets import workbook_bytes, write_sheet

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

PLAN_WIDTHS = (20, 40, 10, 10, 40)
TASK_WIDTHS = (7, 16, 24, 70, 12, 20, 26, 10, 45)
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def plans_to_xlsx(plans: list[dict]) -> bytes:
    """Build the workbook for `plans` (export dict shape) and return the .xlsx bytes."""
    from openpyxl import Workbook

    _check_sheet_names([plan["code"] for plan in plans])
    workbook = Workbook()
    summary = workbook.active
    summary.title = PLANS_SHEET
    write_sheet(summary, PLAN_COLUMNS, (_plan_row(plan) for plan in plans), widths=PLAN_WIDTHS, wrap=True)
    for plan in plans:
        sheet = workbook.create_sheet(plan["code"])
        write_sheet(sheet, TASK_COLUMNS, (_task_row(task) for task in plan["tasks"]), widths=TASK_WIDTHS, wrap=True)
        _add_kind_validation(sheet)
    return workbook_bytes(workbook)


def _check_sheet_names(codes: list[str]) -> None:
    """Refuse plan codes that Excel cannot use as sheet names."""
    seen: set[str] = set()
    for code in codes:
        if (
            not code
            or len(code) > 31
            or SHEET_NAME_FORBIDDEN.search(code)
            or code.startswith("'")
            or code.endswith("'")
        ):
            raise ValueError(f"规划编号“{code}”不能用作 Excel 工作表名称（最多 31 个字符，不能含 []:*?/\\）。")
        if code.casefold() in seen or code.casefold() == PLANS_SHEET:
            raise ValueError(f"规划编号“{code}”与其他工作表名称重复（Excel 不区分大小写）。")
        seen.add(code.casefold())


def _plan_row(plan: dict) -> list[Any]:
    """One row of the "规划" sheet."""
    start, end = plan["period"]
    return [plan["code"], plan["title"], int(start), int(end), plan.get("document") or None]


def _task_row(task: dict) -> list[Any]:
    """One row of a plan's task sheet."""
    start, end = task["period"]
    return [
        int(task["number"]),
        task["category"],
        task["name"],
        task["content"],
        f"{int(start)}-{int(end)}",
        "\n".join(task["lead"]),
        "\n".join(task["cooperating"]),
        KIND_LABELS[task["kind"]],
        "\n".join(task["targets"]),
    ]


def _add_kind_validation(sheet: Worksheet) -> None:
    """Offer a drop-down of the task kinds in the 类型 column."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    column = get_column_letter(TASK_COLUMNS.index("类型") + 1)
    validation = DataValidation(type="list", formula1='"' + ",".join(KIND_LABELS.values()) + '"', allow_blank=True)
    validation.error = "类型应为“重点任务”或“行动”。"
    validation.showErrorMessage = True
    sheet.add_data_validation(validation)
    validation.add(f"{column}2:{column}1048576")
