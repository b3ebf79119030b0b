"""Yearly values from a workbook in the export layout: all or nothing, every problem named by sheet, row and column."""

from __future__ import annotations

import re
import warnings
from decimal import Decimal
from io import BytesIO

from supervision.audit.services import record_event
from supervision.errors import DomainError
from supervision.indicators.entries import EDITABLE, enter_value, find_value, submit_value
from supervision.indicators.export import COLUMNS, KEY_COLUMNS, SHEET
from supervision.indicators.models import Indicator
from supervision.indicators.queries import indicators
from supervision.indicators.values import parse_value

_YEAR = re.compile(r"([0-9]{4})年")


class IndicatorImportError(DomainError):
    """The workbook cannot be imported; `errors` lists every problem found, in Chinese."""

    def __init__(self, errors: list[str]):
        super().__init__("导入失败，未导入任何数据：\n" + "\n".join(errors))
        self.errors = errors


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        value = Decimal(repr(value)).normalize()
        value = format(value, "f")
    return str(value).strip() or None


def _open(data: bytes):
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(BytesIO(data), data_only=True, read_only=True)
    except Exception:  # openpyxl raises many types for a damaged or foreign file
        raise IndicatorImportError(["文件不是有效的 Excel（.xlsx）文件。"]) from None


def read_values(data: bytes) -> list[tuple[Indicator, int, str, str]]:
    """(indicator, year, value text, where) for every filled year cell; raise IndicatorImportError on any problem."""
    workbook = _open(data)
    if SHEET not in workbook.sheetnames:
        raise IndicatorImportError([f"文件中没有工作表“{SHEET}”。"])
    rows = list(workbook[SHEET].iter_rows(values_only=True))
    workbook.close()
    header = [_text(h) or "" for h in (rows[0] if rows else ())]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise IndicatorImportError([f"工作表“{SHEET}”第 1 行缺少列：{'、'.join(missing)}。"])
    years = {i: int(m[1]) for i, h in enumerate(header) if (m := _YEAR.fullmatch(h))}
    known = {(i.plan_code, str(i.number), i.coverage or ""): i for i in indicators()}
    errors, found, seen = [], [], set()
    for number, row in enumerate(rows[1:], start=2):
        cells = dict(zip(header, row, strict=False))
        if all(_text(v) is None for v in row):
            continue
        key = tuple(_text(cells[c]) or "" for c in KEY_COLUMNS)
        where = f"工作表“{SHEET}”第 {number} 行"
        ind = known.get(key)
        if ind is None:
            errors.append(f"{where}：找不到指标（规划编号“{key[0]}”、序号“{key[1]}”、口径范围“{key[2]}”）。")
            continue
        if key in seen:
            errors.append(f"{where}：指标与前面的行重复。")
        seen.add(key)
        for column, year in years.items():
            text = _text(row[column]) if column < len(row) else None
            if text is None:
                continue
            cell = f"{where}“{header[column]}”列"
            if not ind.baseline_year < year <= ind.target_year:
                errors.append(f"{cell}：年份应在 {ind.baseline_year + 1} 到 {ind.target_year} 之间。")
            elif parse_value(text) is None:
                errors.append(f"{cell}：“{text}”不是有效的数值，请填写数字，可带 <、>、≤、≥、约 等限定词。")
            elif (old := find_value(ind, year)) is not None and old.status not in EDITABLE and old.text != text:
                errors.append(f"{cell}：该年数值已{old.status_label}，不能通过导入修改。")
            else:
                found.append((ind, year, text, cell))
    if errors:
        raise IndicatorImportError(errors)
    return found


def import_values(data: bytes, *, actor=None) -> dict[str, int]:
    """Enter and submit every changed value of the workbook for the office's review; returns the counts."""
    counts = {"entered": 0, "unchanged": 0}
    for ind, year, text, _cell in read_values(data):
        old = find_value(ind, year)
        if old is not None and old.text == text:
            counts["unchanged"] += 1
            continue
        submit_value(enter_value(ind, year, text, source="Excel 导入", actor=actor), actor=actor)
        counts["entered"] += 1
    record_event("indicator.import", object_type="indicator", after=counts, user=actor)
    return counts
