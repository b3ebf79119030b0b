"""The indicators sheet (指标) of a new plan's workbook, in the columns the indicator export writes
(supervision/indicators/export.py): any baseline and target years; checked with the plan sheets, all or nothing."""

from __future__ import annotations

from typing import BinaryIO

from supervision.indicators.export import COLUMNS, SHEET
from supervision.indicators.values import parse_value
from supervision.plans.excel_cells import CellReader
from supervision.plans.excel_read import (
    PlanImportError,
    RowBudget,
    _data_rows,
    _header,
    _open_workbook,
    _workbook_plans,
)
from supervision.spreadsheets import import_limits

REQUIRED = ("规划编号", "序号", "类别", "指标名称", "基期年份", "目标年份", "目标值")
OPTIONAL = ("口径范围", "单位", "基期值", "责任部门")  # 方向, 规则 and year columns: derived or entered later


def read_plan_workbook(
    data: bytes | BinaryIO, *, known_plans: set[str], departments: set[str]
) -> tuple[list[dict], list[dict]]:
    """(plans, indicators) of a workbook: the plan sheets as `xlsx_to_plans` reads them and, when present, the
    indicators sheet; every problem of every sheet is reported at once (PlanImportError)."""
    workbook = _open_workbook(data)
    errors: list[str] = []
    try:
        budget = RowBudget(import_limits()[1])
        try:
            plans = _workbook_plans(workbook, budget, other_sheets=(SHEET,))
        except PlanImportError as error:
            errors += error.errors
            plans = []
        indicators: list[dict] = []
        if SHEET in workbook.sheetnames:
            codes = known_plans | {p["code"] for p in plans}
            indicators = _read_indicators(workbook[SHEET], budget, codes, departments, errors)
    finally:
        workbook.close()
    if errors:
        raise PlanImportError(errors)
    return plans, indicators


def _read_indicators(sheet, budget: RowBudget, codes: set[str], departments: set[str], errors: list[str]) -> list:
    columns = _header(sheet, tuple(c for c in COLUMNS if c in REQUIRED + OPTIONAL), errors)
    if columns is None:
        return []
    rows: list[dict] = []
    first_row: dict[tuple, int] = {}
    for row_number, row in _data_rows(sheet, budget):
        cell = CellReader(sheet.title, row_number, row, columns, errors)
        code = cell.text("规划编号", required=True)
        number = cell.positive_int("序号")
        texts = {name: cell.text(name, required=name in REQUIRED) for name in ("类别", "指标名称", "目标值")}
        texts |= {name: cell.text(name) or None for name in OPTIONAL}
        baseline_year, target_year = cell.year("基期年份"), cell.year("目标年份")
        if code and code not in codes:
            cell.error("规划编号", f"规划“{code}”既不在本文件的“规划”工作表中，也不是已有规划。")
        if baseline_year and target_year and target_year <= baseline_year:
            cell.error("目标年份", f"目标年份 {target_year} 应晚于基期年份 {baseline_year}。")
        baseline = texts["基期值"]
        if baseline and parse_value(baseline) is None and baseline not in ("—", "-", "/"):
            cell.error("基期值", f"“{baseline}”不是有效的数值，请填写数字，可带 <、>、≤、≥、约 等限定词。")
        owner = texts["责任部门"]
        if owner and owner not in departments:
            cell.error("责任部门", f"部门“{owner}”不存在。")
        key = (code, number, texts["口径范围"] or "")
        if code and number is not None:
            if key in first_row:
                cell.error("序号", f"指标与第 {first_row[key]} 行重复（规划编号、序号、口径范围相同）。")
            first_row.setdefault(key, row_number)
        rows.append(
            {
                "plan": code,
                "number": number,
                "coverage": texts["口径范围"],
                "category": texts["类别"],
                "name": texts["指标名称"],
                "unit": texts["单位"],
                "baseline_year": baseline_year,
                "baseline": baseline,
                "target_year": target_year,
                "target": texts["目标值"],
                "owner": owner,
            }
        )
    return rows
