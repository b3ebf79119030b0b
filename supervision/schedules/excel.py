"""The Excel template of a year's schedule, and reading it back (same content as the YAML file).

Sheet "节假日安排": row 1 年份, row 2 通知标题, then a table 类型 | 名称 | 开始日期 | 结束日期 where 类型 is
“放假” (a holiday period) or “上班” (a make-up working day: its date in 开始日期).
"""

from __future__ import annotations

from io import BytesIO

from supervision.schedules.data import (
    Holiday,
    ScheduleData,
    ScheduleImportError,
    Workday,
    check_schedule,
    parse_day,
    parse_year,
)
from supervision.spreadsheets import append_row, workbook_bytes

SHEET = "节假日安排"
YEAR_LABEL, SOURCE_LABEL = "年份", "通知标题"
COLUMNS = ("类型", "名称", "开始日期", "结束日期")
HOLIDAY, WORKDAY = "放假", "上班"
WORKDAY_LABELS = (WORKDAY, "调休上班", "补班")
NOTES = (
    "按国务院办公厅当年发布的《关于××年部分节假日安排的通知》填写，一个文件只写一个年份。",
    "“放假”行：名称填节日（如 清明节），开始日期、结束日期填放假起止日（含周末，单日放假结束日期可留空）。",
    "“上班”行：调休上班的周六或周日，日期填在“开始日期”列，名称可留空。",
    "日期格式 2027-04-05；导入时全部检查，有任何错误则不导入，并逐行提示。",
    "再次导入同一年份会替换该年已录入的安排（操作日志记录修改前后）。",
)
NOT_XLSX = "文件不是有效的 Excel（.xlsx）文件，请使用下载的模板。"


def template_xlsx(data: ScheduleData | None, year: int) -> bytes:
    """The template for `year`, filled with its entered schedule when there is one."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    append_row(sheet, [YEAR_LABEL, year])
    append_row(sheet, [SOURCE_LABEL, data.source if data else ""])
    append_row(sheet, [])
    append_row(sheet, list(COLUMNS))
    for cell in (sheet["A1"], sheet["A2"], *sheet[4]):
        cell.font = Font(bold=True)
    if data:
        for h in data.holidays:
            append_row(sheet, [HOLIDAY, h.name, h.start.isoformat(), h.end.isoformat()])
        for w in data.workdays:
            append_row(sheet, [WORKDAY, "", w.day.isoformat(), ""])
    kinds = DataValidation(type="list", formula1=f'"{HOLIDAY},{WORKDAY}"', allow_blank=True)
    kinds.error, kinds.errorTitle = f"请填写“{HOLIDAY}”或“{WORKDAY}”", "类型"
    sheet.add_data_validation(kinds)
    kinds.add("A5:A200")
    for column, width in zip("ABCD", (12, 40, 14, 14), strict=True):
        sheet.column_dimensions[column].width = width
    notes = workbook.create_sheet("填写说明")
    for line in NOTES:
        append_row(notes, [line])
    notes.column_dimensions["A"].width = 100
    return workbook_bytes(workbook)


def _cell_text(value) -> str:
    return "" if value is None else str(value).strip()


def read_xlsx(content: bytes) -> ScheduleData:
    """Parse and check the template; raises ScheduleImportError with every problem found (by row)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ScheduleImportError([NOT_XLSX]) from None
    try:
        sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
        rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _read_rows(rows)


def _entry(number: int, cells: list, errors: list[str]) -> Holiday | Workday | None:
    """One row of the table; blank rows are skipped."""
    kind, name = _cell_text(cells[0]), _cell_text(cells[1])
    if not any(_cell_text(c) for c in cells):
        return None
    where = f"第 {number} 行"
    start = parse_day(cells[2])
    if start is None:
        errors.append(f"{where}：开始日期“{_cell_text(cells[2])}”缺失或无效，应写成 2027-04-05。")
    if kind in WORKDAY_LABELS:
        return Workday(start, where) if start else None
    if kind != HOLIDAY:
        errors.append(f"{where}：类型“{kind}”无法识别，应为“{HOLIDAY}”或“{WORKDAY}”。")
        return None
    if not name:
        errors.append(f"{where}：放假行缺少节日名称。")
    end = parse_day(cells[3]) if _cell_text(cells[3]) else start
    if end is None:
        errors.append(f"{where}：结束日期“{_cell_text(cells[3])}”无效，应写成 2027-04-06。")
    return Holiday(name, start, end, where) if name and start and end else None


def _read_rows(rows: list[tuple]) -> ScheduleData:
    errors: list[str] = []
    year, source, header, year_seen = None, "", None, False
    holidays: list[Holiday] = []
    workdays: list[Workday] = []
    for number, row in enumerate(rows, start=1):
        cells = [*row, None, None, None, None][:4]
        if header is not None:
            entry = _entry(number, cells, errors)
            if entry is not None:
                (holidays if isinstance(entry, Holiday) else workdays).append(entry)
            continue
        label = _cell_text(cells[0])
        if label == YEAR_LABEL:
            year, year_seen = parse_year(cells[1]), True
            if year is None:
                errors.append(f"第 {number} 行：年份应为 2000 至 2100 之间的四位数字，例如 2027。")
        elif label == SOURCE_LABEL:
            source = _cell_text(cells[1])
        elif label == COLUMNS[0]:
            header = number
    if header is None:
        errors.append(f"找不到表头“{'、'.join(COLUMNS)}”，请使用下载的模板。")
    if not year_seen:
        errors.insert(0, "缺少年份：第 1 行应为“年份”及其数值。")
    data = ScheduleData(year or 0, source, holidays, workdays)
    if year is not None:
        check_schedule(data, errors)
    if errors:
        raise ScheduleImportError(errors)
    return data
