"""Spreadsheet files: the one xlsx writer and the one CSV writer, both with the formula guard; import limits."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

from flask import current_app

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Text starting with one of these runs as a formula when a spreadsheet reads it (CSV or a retyped cell).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# The control characters an xlsx file cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE).
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
MIN_WIDTH, MAX_WIDTH, WIDTH_SAMPLE = 8, 60, 200
CSV_CHUNK_ROWS = 500


def is_formula_like(value: Any) -> bool:
    """Whether `value` is text that a spreadsheet would run as a formula (it starts with = + - @, tab or CR)."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


# --- xlsx ---------------------------------------------------------------------------------------------------------


def write_sheet(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[float] | None = None,
    wrap: bool = False,
) -> None:
    """Write a bold frozen header and the rows into `sheet`; text stays literal text (never a formula)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        if wrap:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    body = Alignment(vertical="top", wrap_text=True)
    sample: list[list[Any]] = []
    for values in rows:
        values = [_xlsx_value(v) for v in values]
        if len(sample) < WIDTH_SAMPLE:
            sample.append(values)
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if wrap:
                cell.alignment = body
            _keep_text(cell)
    for index, width in enumerate(widths or _fitted_widths(headers, sample), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def append_row(sheet: Worksheet, values: Sequence[Any]) -> None:
    """Append one row to a sheet of its own layout (a template, a label row); text stays literal text."""
    sheet.append([_xlsx_value(v) for v in values])
    if values:
        for cell in sheet[sheet.max_row]:
            _keep_text(cell)


def _keep_text(cell) -> None:
    if isinstance(cell.value, str):
        cell.data_type = "s"  # a leading "=" stays text, never a formula
        cell.number_format = "@"
        if is_formula_like(cell.value):
            cell.quotePrefix = True  # and stays text when the cell is edited in Excel


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1", **options) -> bytes:
    """A one-sheet .xlsx of `headers` and `rows` (see write_sheet for `widths` and `wrap`)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    write_sheet(sheet, headers, rows, **options)
    return workbook_bytes(workbook)


def workbook_bytes(workbook) -> bytes:
    """The .xlsx bytes of an openpyxl workbook."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    """Control characters an xlsx cannot hold are dropped; empty text becomes an empty cell."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS.sub("", value) or None
    return value


def _fitted_widths(headers: Sequence[str], sample: list[list[Any]]) -> list[int]:
    """Column widths from the header and the first rows (two units per character, within bounds)."""
    widths = []
    for index, header in enumerate(headers):
        longest = max([len(str(header)), *(len(str(row[index] or "")) for row in sample if index < len(row))])
        widths.append(min(max(longest * 2, MIN_WIDTH), MAX_WIDTH))
    return widths


# --- CSV ----------------------------------------------------------------------------------------------------------


def csv_cell(value: Any) -> str:
    """A CSV cell as text ("" for None); formula-like text gets a leading apostrophe so it stays literal."""
    text = "" if value is None else str(value)
    return "'" + text if is_formula_like(text) else text


def csv_chunks(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], *, chunk_rows: int = CSV_CHUNK_ROWS
) -> Iterator[bytes]:
    """CSV in UTF-8 with a BOM (for Excel), every cell through csv_cell, yielded `chunk_rows` rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([csv_cell(h) for h in headers])
    for n, row in enumerate(rows, start=1):
        writer.writerow([csv_cell(v) for v in row])
        if n % chunk_rows == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """The whole CSV of csv_chunks as bytes."""
    return b"".join(csv_chunks(headers, rows))


# --- imports ------------------------------------------------------------------------------------------------------

UNPACKED_FACTOR = 40  # an .xlsx is a ZIP: its parts may hold at most this many times the file's size


class ImportTooLarge(ValueError):
    """An Excel file over the import limits (IMPORT_MAX_BYTES, IMPORT_MAX_ROWS); `message` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def import_limits() -> tuple[int, int]:
    """(IMPORT_MAX_BYTES, IMPORT_MAX_ROWS) of the current app."""
    return int(current_app.config["IMPORT_MAX_BYTES"]), int(current_app.config["IMPORT_MAX_ROWS"])


def read_import(data: bytes | BinaryIO) -> bytes:
    """The bytes of a workbook to import, read no further than the size limit; ImportTooLarge when over it,
    or when its ZIP parts would unpack to more than UNPACKED_FACTOR times that (a ZIP bomb)."""
    max_bytes, _rows = import_limits()
    raw = bytes(data[: max_bytes + 1]) if isinstance(data, bytes | bytearray) else data.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise ImportTooLarge(
            f"文件超过导入上限（{max_bytes / (1024 * 1024):g} MB），未导入任何数据。请删去无关内容或分批导入。"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return raw  # not a ZIP at all: the reader says the file is not an .xlsx
    if unpacked > UNPACKED_FACTOR * max_bytes:
        raise ImportTooLarge("文件解压后的内容过大，未导入任何数据。请检查文件是否正确。")
    return raw


def rows_over_limit(max_rows: int) -> ImportTooLarge:
    return ImportTooLarge(f"数据超过导入上限（{max_rows} 行），未导入任何数据。请分批导入。")
