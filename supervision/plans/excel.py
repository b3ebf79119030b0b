"""Plans to and from Excel workbooks: a "规划" sheet listing the plans, then one task sheet per plan code."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from io import BytesIO
from typing import Any, BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

PLANS_SHEET = "规划"
PLAN_COLUMNS = ("规划编号", "规划名称", "起始年份", "结束年份", "发文信息")
PLAN_WIDTHS = (20, 40, 10, 10, 40)
TASK_COLUMNS = ("序号", "类别", "名称", "目标和内容", "周期", "牵头部门", "配合部门", "类型", "量化目标")
TASK_WIDTHS = (7, 16, 24, 70, 12, 20, 26, 10, 45)
TEXT_TASK_COLUMNS = ("类别", "名称", "目标和内容", "周期", "牵头部门", "配合部门", "类型", "量化目标")
REQUIRED_TASK_COLUMNS = ("序号", "类别", "名称", "目标和内容", "周期", "类型")
KIND_LABELS = {"key_project": "重点任务", "action": "行动"}
LABEL_KINDS = {label: kind for kind, label in KIND_LABELS.items()} | {kind: kind for kind in KIND_LABELS}
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
DEPARTMENT_SEPARATORS = re.compile(r"[\r\n；;]+")
PERIOD_PATTERN = re.compile(r"^(\d{4})\s*(?:[-–—－~～至到]\s*(\d{4}))?$")
MIN_YEAR, MAX_YEAR = 1900, 2100
NOT_XLSX = "文件不是有效的 Excel（.xlsx）文件。"


class PlanImportError(Exception):
    """The workbook cannot be imported; `errors` lists every problem found, in Chinese."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


# --- export -------------------------------------------------------------------------------------------------------


def plans_to_xlsx(plans: list[dict]) -> bytes:
    """Build the workbook for `plans` (export dict shape) and return the .xlsx bytes."""
    _check_sheet_names([plan["code"] for plan in plans])
    workbook = Workbook()
    summary = workbook.active
    summary.title = PLANS_SHEET
    _write_table(summary, PLAN_COLUMNS, PLAN_WIDTHS, (_plan_row(plan) for plan in plans))
    for plan in plans:
        sheet = workbook.create_sheet(plan["code"])
        _write_table(sheet, TASK_COLUMNS, TASK_WIDTHS, (_task_row(task) for task in plan["tasks"]))
        _add_kind_validation(sheet)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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


def _write_table(sheet: Worksheet, columns: tuple[str, ...], widths: tuple[int, ...], rows: Iterable[list]) -> None:
    """Write a bold frozen header, then the rows, wrapped and top-aligned."""
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    for values in rows:
        sheet.append([_cell_value(v) for v in values])
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a leading "=" stays text, never a formula
                cell.number_format = "@"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _cell_value(value: Any) -> Any:
    """Empty strings become empty cells; control characters Excel rejects are dropped."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return value or None
    return value


def _add_kind_validation(sheet: Worksheet) -> None:
    """Offer a drop-down of the task kinds in the 类型 column."""
    column = get_column_letter(TASK_COLUMNS.index("类型") + 1)
    validation = DataValidation(type="list", formula1='"' + ",".join(KIND_LABELS.values()) + '"', allow_blank=True)
    validation.error = "类型应为“重点任务”或“行动”。"
    validation.showErrorMessage = True
    sheet.add_data_validation(validation)
    validation.add(f"{column}2:{column}1048576")


# --- import -------------------------------------------------------------------------------------------------------


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
        cell = _CellReader(sheet.title, row_number, row, columns, errors)
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
        cell = _CellReader(sheet.title, row_number, row, columns, errors)
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
        name = _text(value)
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
        if any(_text(v) for v in row):  # a row that is empty apart from merged-range filling is still empty
            yield row_number, values


def _text(value: Any) -> str:
    """A cell value as stripped text ("" for an empty cell; 3.0 → "3")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _CellReader:
    """Typed access to one row's cells, appending a located Chinese message to `errors` for each problem."""

    def __init__(self, sheet: str, row_number: int, row: tuple, columns: dict[str, int], errors: list[str]):
        self.sheet, self.row_number, self.row, self.columns, self.errors = sheet, row_number, row, columns, errors

    def error(self, column: str, problem: str) -> None:
        """Record a problem in `column` of this row."""
        self.errors.append(f"工作表“{self.sheet}”第 {self.row_number} 行“{column}”列：{problem}")

    def raw(self, column: str) -> Any:
        """The cell value as stored."""
        index = self.columns[column]
        return self.row[index] if index < len(self.row) else None

    def text(self, column: str, required: bool = False) -> str:
        """Stripped text; an error when required and empty."""
        value = _text(self.raw(column))
        if required and not value:
            self.error(column, "不能为空。")
        return value

    def _integer(self, column: str) -> int | None:
        """The cell as an integer, None when empty or not an integer (no error recorded)."""
        value = self.raw(column)
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            return int(value) if value.is_integer() else None
        text = _text(value)
        return int(text) if re.fullmatch(r"[+-]?\d+", text) else None

    def positive_int(self, column: str) -> int | None:
        """A required positive integer."""
        if not self.text(column, required=True):
            return None
        number = self._integer(column)
        if number is None or number < 1:
            self.error(column, f"应为正整数，现为“{_text(self.raw(column))}”。")
            return None
        return number

    def year(self, column: str) -> int | None:
        """A required four-digit year."""
        if not self.text(column, required=True):
            return None
        year = self._integer(column)
        if year is None or not MIN_YEAR <= year <= MAX_YEAR:
            self.error(column, f"应为四位年份，如 2021，现为“{_text(self.raw(column))}”。")
            return None
        return year

    def period(self, column: str, plan_period: list[int] | None) -> list[int] | None:
        """A required "起始年-结束年" within the plan's period (a single year means that year only)."""
        text = self.text(column, required=True)
        if not text:
            return None
        match = PERIOD_PATTERN.fullmatch(text)
        if match is None:
            self.error(column, "应为“起始年-结束年”，如 2021-2025。")
            return None
        start = int(match.group(1))
        end = int(match.group(2) or start)
        if end < start:
            self.error(column, f"结束年份 {end} 早于起始年份 {start}。")
            return None
        if plan_period is not None and not (plan_period[0] <= start and end <= plan_period[1]):
            self.error(column, f"{start}-{end} 超出规划周期 {plan_period[0]}-{plan_period[1]}。")
            return None
        return [start, end]

    def kind(self, column: str) -> str | None:
        """A required task kind label (重点任务 / 行动)."""
        text = self.text(column, required=True)
        if not text:
            return None
        kind = LABEL_KINDS.get(text)
        if kind is None:
            self.error(column, f"“{text}”不是有效的类型，应为“重点任务”或“行动”。")
        return kind

    def names(self, column: str) -> list[str]:
        """Department names, one per line (also separated by "；" or ";"; "、" belongs to names)."""
        return [name.strip() for name in DEPARTMENT_SEPARATORS.split(self.text(column)) if name.strip()]

    def lines(self, column: str) -> list[str]:
        """Non-empty stripped lines."""
        return [line.strip() for line in self.text(column).splitlines() if line.strip()]
