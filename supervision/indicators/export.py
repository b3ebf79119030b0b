"""The register as JSON (the issue's shape) and as an Excel workbook (the layout `flask indicators import` reads)."""

from __future__ import annotations

import json

from supervision.indicators.queries import Row
from supervision.spreadsheets import workbook_bytes, write_sheet

SHEET = "指标"
VALUES_SHEET = "年度数值"
KEY_COLUMNS = ("规划编号", "序号", "口径范围")
COLUMNS = (
    *KEY_COLUMNS,
    "类别",
    "指标名称",
    "单位",
    "基期年份",
    "基期值",
    "目标年份",
    "目标值",
    "方向",
    "规则",
    "责任部门",
)
DIRECTION_LABELS = {"higher": "提高", "lower": "降低", "maintain": "保持", "unknown": "未定"}
VALUE_COLUMNS = ("规划编号", "序号", "口径范围", "指标名称", "年份", "数值", "状态", "达标情况", "较上年", "较基期")


def year_column(year: int) -> str:
    return f"{year}年"


def record(row: Row) -> dict:
    """One record per table row or sub-row; baseline and target as the document writes them."""
    ind = row.indicator
    status = {v.year: v.status for v in row.values if v.quarter == 0}
    return {
        "plan": ind.plan_code,
        "number": ind.number,
        "category": ind.category,
        "name": ind.name,
        "unit": ind.unit,
        "scope": ind.coverage,
        "baseline_year": ind.baseline_year,
        "baseline": ind.baseline,
        "target_year": ind.target_year,
        "target": ind.target,
        "direction": ind.direction,
        "rule": ind.rule,
        "owner": ind.owner.name if ind.owner else None,
        "values": [
            {"year": j.year, "value": j.value, "status": status[j.year], "attainment": j.attainment}
            for j in row.series
            if j.value is not None
        ],
    }


def to_json(rows: list[Row]) -> bytes:
    payload = {"indicators": [record(r) for r in rows]}
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def years_of(rows: list[Row]) -> list[int]:
    if not rows:
        return []
    first = min(r.indicator.baseline_year for r in rows) + 1
    return list(range(first, max(r.indicator.target_year for r in rows) + 1))


def to_xlsx(rows: list[Row]) -> bytes:
    """Sheet 指标: the table with one column per year (the import layout); sheet 年度数值: status and attainment."""
    from openpyxl import Workbook

    years = years_of(rows)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    headers = [*COLUMNS, *(year_column(y) for y in years)]
    write_sheet(sheet, headers, (_table_row(r, years) for r in rows))
    write_sheet(workbook.create_sheet(VALUES_SHEET), VALUE_COLUMNS, (line for r in rows for line in _value_rows(r)))
    return workbook_bytes(workbook)


def _table_row(row: Row, years: list[int]) -> list:
    ind = row.indicator
    rule = ind.parsed_rule
    annual = {v.year: v.text for v in row.values if v.quarter == 0}
    return [
        ind.plan_code,
        ind.number,
        ind.coverage,
        ind.category,
        ind.name,
        ind.unit,
        ind.baseline_year,
        ind.baseline,
        ind.target_year,
        ind.target,
        DIRECTION_LABELS.get(ind.direction, ind.direction),
        rule.describe(ind.unit or "") if rule else "待办公室设定",
        ind.owner.name if ind.owner else None,
        *(annual.get(y) for y in years),
    ]


def _value_rows(row: Row):
    ind = row.indicator
    status = {v.year: v.status_label for v in row.values if v.quarter == 0}
    for j in row.series:
        if j.value is not None:
            yield [
                ind.plan_code,
                ind.number,
                ind.coverage,
                ind.name,
                j.year,
                j.value,
                status[j.year],
                j.attainment,
                j.against_previous,
                j.against_baseline,
            ]
