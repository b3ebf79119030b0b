"""Plans from an Excel workbook in the export layout, with every problem found reported in Chinese."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from io import BytesIO
from typing import TYPE_CHECKING, Any, BinaryIO
from xml.etree.ElementTree import iterparse

from supervision.plans.excel_cells import CellReader, cell_text
from supervision.plans.excel_layout import KIND_LABELS, PLAN_COLUMNS, PLANS_SHEET, TASK_COLUMNS
from supervision.spreadsheets import ImportTooLarge, import_limits, read_import, rows_over_limit

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

NOT_XLSX = "文件不是有效的 Excel（.xlsx）文件。"
MERGE_CELL = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"
EMPTY_ROWS_FACTOR = 20  # blank but formatted rows are scanned too, up to this many times the row limit


class PlanImportError(Exception):
    """The workbook cannot be imported; `errors` lists every problem found, in Chinese."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


class RowBudget:
    """The rows one import may read (IMPORT_MAX_ROWS data rows over all sheets); over it, the import stops."""

    def __init__(self, max_rows: int):
        self.max_rows, self.data, self.scanned = max_rows, 0, 0

    def take(self, empty: bool) -> None:
        self.scanned += 1
        self.data += not empty
        if self.data > self.max_rows or self.scanned > EMPTY_ROWS_FACTOR * self.max_rows:
            raise PlanImportError([rows_over_limit(self.max_rows).message])


def xlsx_to_plans(data: bytes | BinaryIO) -> list[dict]:
    """Read plans from a workbook in the export layout (streamed, within the import limits); raise
    PlanImportError listing every problem."""
    workbook = _open_workbook(data)
    try:
        return _workbook_plans(workbook, RowBudget(import_limits()[1]))
    finally:
        workbook.close()


def _workbook_plans(workbook, budget: RowBudget, other_sheets: tuple[str, ...] = ()) -> list[dict]:
    if PLANS_SHEET not in workbook.sheetnames:
        raise PlanImportError([f"文件中没有工作表“{PLANS_SHEET}”。"])
    errors: list[str] = []
    plans = _read_plans_sheet(workbook[PLANS_SHEET], workbook.sheetnames, errors, budget)
    listed = {plan["code"] for plan in plans}
    for name in workbook.sheetnames:
        if name != PLANS_SHEET and name not in listed and name not in other_sheets:
            errors.append(
                f"工作表“{name}”未在工作表“{PLANS_SHEET}”中列出：请在“{PLANS_SHEET}”中补充该规划或删除此工作表。"
            )
    for plan in plans:
        if plan["code"] in workbook.sheetnames:
            plan["tasks"] = _read_task_sheet(workbook[plan["code"]], plan["period"], errors, budget)
    if errors:
        raise PlanImportError(errors)
    return [
        {"code": p["code"], "title": p["title"], "period": p["period"], "document": p["document"], "tasks": p["tasks"]}
        for p in plans
    ]


def _open_workbook(data: bytes | BinaryIO):
    """Open the workbook in streaming mode (values, not formulas) or raise PlanImportError for a file over the
    size limit or anything that is not an .xlsx."""
    from openpyxl import load_workbook

    try:
        raw = read_import(data)
    except ImportTooLarge as error:
        raise PlanImportError([error.message]) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions in files from Excel/WPS
            return load_workbook(BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types (zip, XML, KeyError, ...) for a damaged or foreign file
        raise PlanImportError([NOT_XLSX]) from None


def _read_plans_sheet(sheet: Worksheet, sheetnames: list[str], errors: list[str], budget: RowBudget) -> list[dict]:
    """Plans listed on the "规划" sheet; a plan's period is None when it is invalid."""
    columns = _header(sheet, PLAN_COLUMNS, errors)
    if columns is None:
        return []
    plans: list[dict] = []
    first_row: dict[str, int] = {}
    for row_number, row in _data_rows(sheet, budget):
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


def _read_task_sheet(
    sheet: Worksheet, plan_period: list[int] | None, errors: list[str], budget: RowBudget
) -> list[dict]:
    """Tasks of one plan sheet, in row order."""
    columns = _header(sheet, TASK_COLUMNS, errors)
    if columns is None:
        return []
    merged = _merged_ranges(sheet, budget.max_rows)
    tasks: list[dict] = []
    first_row: dict[tuple[str, int], int] = {}
    for row_number, row in _data_rows(sheet, budget, merged):
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


def _merged_ranges(sheet: Worksheet, max_rows: int) -> dict[int, list[tuple[int, int, int]]]:
    """Merged ranges by the rows they cover (up to the row limit): row -> [(first row, first column, last column)].

    A read-only sheet does not expose its merged cells, so they are read from the sheet's XML in one pass."""
    from openpyxl.utils.cell import range_boundaries

    by_row: dict[int, list[tuple[int, int, int]]] = {}
    count = 0
    with sheet._get_source() as source:  # openpyxl's stream of the sheet part
        for _event, element in iterparse(source):
            if element.tag == MERGE_CELL:
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref", ""))
                for row in range(min_row, min(max_row, max_rows + 1) + 1):
                    by_row.setdefault(row, []).append((min_row, min_col, max_col))
                    count += 1
                if count > EMPTY_ROWS_FACTOR * max_rows:
                    raise PlanImportError([rows_over_limit(max_rows).message])
            element.clear()
    return by_row


def _data_rows(
    sheet: Worksheet, budget: RowBudget, merged: dict[int, list[tuple[int, int, int]]] | None = None
) -> Iterable[tuple[int, tuple]]:
    """(row number, values) for every non-empty row below the header; merged cells carry their range's value."""
    first_values: dict[tuple[int, int], Any] = {}  # the value of each range's top-left cell, seen on its row
    for row_number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        values = row
        if merged and row_number in merged:
            filled = list(row)
            for first_row, first_col, last_col in merged[row_number]:
                if row_number == first_row:
                    first_values[(first_row, first_col)] = row[first_col - 1] if first_col <= len(row) else None
                value = first_values.get((first_row, first_col))
                for column in range(first_col, min(last_col, len(row)) + 1):
                    filled[column - 1] = value
            values = tuple(filled)
        if row_number == 1:
            continue
        empty = not any(cell_text(v) for v in row)  # empty apart from merged-range filling is still empty
        budget.take(empty)
        if not empty:
            yield row_number, values
