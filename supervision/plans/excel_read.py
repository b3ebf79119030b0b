"""Plans from an Excel workbook in the export layout, with every problem found reported in Chinese."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from io import BytesIO
from typing import TYPE_CHECKING, Any, BinaryIO

from supervision.plans.excel_cells import CellReader, cell_text
from supervision.plans.excel_layout import KIND_LABELS, PLAN_COLUMNS, PLANS_SHEET, TASK_COLUMNS

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

NOT_XLSX = "文件不是有效的 Excel（.xlsx）文件。"


class PlanImportError(Exception):
    """The workbook cannot be imported; `errors` lists every problem found, in Chinese."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def xlsx_to_plans(data: bytes | BinaryIO) -> list[dict]:
    """Read plans from a workbook in the export layout; raise PlanImportError listing every problem."""
    workbook = _open_workbook(data)
    if PLANS_SHEET not in workbook.sheetnames:
        raise PlanImportError([f"文件中没有工作表“{PLANS_SHEET}”。"])
    errors: list[str] = []
    plans = _read_plans_sheet(workbook[PLANS_SHEET], workbook.sheetnames, errors)
    listed = {plan["code"] for plan in plans}
    for name in workbook.sheetnames:
        if name != PLANS_SHEET and name not in listed:
            errors.append(
                f"工作表“{name}”未在工作表“{PLANS_SHEET}”中列出：请在“{PLANS_SHEET}”中补充该规划或删除此工作表。"
            )
    for plan in plans:
        if plan["code"] in workbook.sheetnames:
            plan["tasks"] = _read_task_sheet(workbook[plan["code"]], plan["period"], errors)
    if errors:
        raise PlanImportError(errors)
    return [
        {"code": p["code"], "title": p["title"], "period": p["period"], "document": p["document"], "tasks": p["tasks"]}
        for p in plans
    ]


def _open_workbook(data: bytes | BinaryIO):
    """Load the workbook (values, not formulas) or raise PlanImportError for anything that is not an .xlsx."""
    from openpyxl import load_workbook

    raw = data if isinstance(data, bytes | bytearray) else data.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions in files from Excel/WPS
            return load_workbook(BytesIO(raw), data_only=True)
    except Exception:  # openpyxl raises many types (zip, XML, KeyError, ...) for a damaged or foreign file
        raise PlanImportError([NOT_XLSX]) from None


def _read_plans_sheet(sheet: Worksheet, sheetnames: list[str], errors: list[str]) -> list[dict]:
    """Plans listed on the "规划" sheet; a plan's period is None when it is invalid."""
    columns = _header(sheet, PLAN_COLUMNS, errors)
    if columns is None:
        return []
    plans: list[dict] = []
    first_row: dict[str, int] = {}
    for row_number, row in _data_rows(sheet):
        cell = CellReader(sheet.title, row_number, row, columns, errors)
        code = cell.text("规划编号", required=True)
        title = cell.text("规划名称", required=True)
        start = cell.year("起始年份")
        end = cell.year("结束年份")
        document = cell.text("发文信息") or None
        period = None
        if start is not None and end is not None:
            if end < start:
                cell.error("结束年份", f"结束年份 {end} 早于起始年份 {start}。")
            else:
                period = [start, end]
        if not code:
            continue
        if code in first_row:
            cell.error("规划编号", f"规划编号“{code}”与第 {first_row[code]} 行重复。")
            continue
        first_row[code] = row_number
        if code not in sheetnames:
            cell.error("规划编号", f"找不到名为“{code}”的工作表。")
        plans.append({"code": code, "title": title, "period": period, "document": document, "tasks": []})
    return plans


def _read_task_sheet(sheet: Worksheet, plan_period: list[int] | None, errors: list[str]) -> list[dict]:
    """Tasks of one plan sheet, in row order."""
    columns = _header(sheet, TASK_COLUMNS, errors)
    if columns is None:
        return []
    merged = _merged_values(sheet)
    tasks: list[dict] = []
    first_row: dict[tuple[str, int], int] = {}
    for row_number, row in _data_rows(sheet, merged):
        cell = CellReader(sheet.title, row_number, row, columns, errors)
        number = cell.positive_int("序号")
        texts = {name: cell.text(name, required=True) for name in ("类别", "名称", "目标和内容")}
        period = cell.period("周期", plan_period)
        lead, cooperating = cell.names("牵头部门"), cell.names("配合部门")
        kind = cell.kind("类型")
        targets = cell.lines("量化目标")
        if number is not None and kind is not None:
            key = (kind, number)
            if key in first_row:
                cell.error("序号", f"类型“{KIND_LABELS[kind]}”的序号 {number} 与第 {first_row[key]} 行重复。")
            else:
                first_row[key] = row_number
        task = {
            "kind": kind,
            "number": number,
            "category": texts["类别"],
            "name": texts["名称"],
            "content": texts["目标和内容"],
            "period": period,
            "lead": lead,
            "cooperating": cooperating,
            "targets": targets,
        }
        tasks.append(task)
    return tasks


def _header(sheet: Worksheet, expected: tuple[str, ...], errors: list[str]) -> dict[str, int] | None:
    """Map expected header names to column indexes; None (and an error) when a column is missing or repeated."""
    found: dict[str, int] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    for index, value in enumerate(first):
        name = cell_text(value)
        if not name:
            continue
        if name in found:
            repeated.append(name)
        elif name in expected:
            found[name] = index
        else:
            unknown.append(name)
    missing = [name for name in expected if name not in found]
    where = f"工作表“{sheet.title}”第 1 行（表头）"
    if missing:
        message = f"{where}：缺少列{_quoted(missing)}。"
        if unknown:
            message += f"无法识别的列：{_quoted(unknown)}。"
        errors.append(message + f"表头应为：{_quoted(list(expected))}。")
    if repeated:
        errors.append(f"{where}：列{_quoted(sorted(set(repeated)))}出现了不止一次。")
    return None if missing or repeated else found


def _quoted(names: list[str]) -> str:
    """“甲”、“乙” for messages."""
    return "、".join(f"“{name}”" for name in names)


def _merged_values(sheet: Worksheet) -> dict[tuple[int, int], Any]:
    """Values of merged ranges, keyed by (row, column) for every cell of the range (1-based)."""
    values: dict[tuple[int, int], Any] = {}
    for cell_range in sheet.merged_cells.ranges:
        value = sheet.cell(cell_range.min_row, cell_range.min_col).value
        for row in range(cell_range.min_row, cell_range.max_row + 1):
            for column in range(cell_range.min_col, cell_range.max_col + 1):
                values[(row, column)] = value
    return values


def _data_rows(sheet: Worksheet, merged: dict[tuple[int, int], Any] | None = None) -> Iterable[tuple[int, tuple]]:
    """(row number, values) for every non-empty row below the header; merged cells carry their range's value."""
    for row_number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        values = row
        if merged:
            values = tuple(merged.get((row_number, col), v) for col, v in enumerate(row, start=1))
        if any(cell_text(v) for v in row):  # a row that is empty apart from merged-range filling is still empty
            yield row_number, values
