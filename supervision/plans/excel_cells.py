"""Typed, located reading of the cells of one row of the plans workbook."""

from __future__ import annotations

import re
from typing import Any

from supervision.plans.excel_layout import LABEL_KINDS

DEPARTMENT_SEPARATORS = re.compile(r"[\r\n；;]+")
PERIOD_PATTERN = re.compile(r"^(\d{4})\s*(?:[-–—－~～至到]\s*(\d{4}))?$")
MIN_YEAR, MAX_YEAR = 1900, 2100


def cell_text(value: Any) -> str:
    """A cell value as stripped text ("" for an empty cell; 3.0 → "3")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class CellReader:
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
        value = cell_text(self.raw(column))
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
        text = cell_text(value)
        return int(text) if re.fullmatch(r"[+-]?\d+", text) else None

    def positive_int(self, column: str) -> int | None:
        """A required positive integer."""
        if not self.text(column, required=True):
            return None
        number = self._integer(column)
        if number is None or number < 1:
            self.error(column, f"应为正整数，现为“{cell_text(self.raw(column))}”。")
            return None
        return number

    def year(self, column: str) -> int | None:
        """A required four-digit year."""
        if not self.text(column, required=True):
            return None
        year = self._integer(column)
        if year is None or not MIN_YEAR <= year <= MAX_YEAR:
            self.error(column, f"应为四位年份，如 2021，现为“{cell_text(self.raw(column))}”。")
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
