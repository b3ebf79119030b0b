"""A year's schedule as read from a file, and the checks every file format shares (Chinese messages)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from supervision.validation import MAX_YEAR as MAX_YEAR
from supervision.validation import MIN_YEAR as MIN_YEAR
from supervision.validation import parse_year as parse_year_text

MAX_SOURCE, MAX_NAME = 300, 50
MAX_HOLIDAY_DAYS = 15
WEEKDAYS = "一二三四五六日"
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


class ScheduleImportError(Exception):
    """The file cannot be imported; `errors` lists every problem found, in Chinese, with its line or row."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Holiday:
    name: str
    start: date
    end: date
    where: str = ""  # "第 5 行" (YAML line, Excel row)


@dataclass(frozen=True)
class Workday:
    day: date
    where: str = ""


@dataclass
class ScheduleData:
    year: int
    source: str
    holidays: list[Holiday] = field(default_factory=list)
    workdays: list[Workday] = field(default_factory=list)

    def snapshot(self) -> dict:
        return snapshot(self.source, [(h.name, h.start, h.end) for h in self.holidays], [w.day for w in self.workdays])


def snapshot(source: str, holidays: list[tuple[str, date, date]], workdays: list[date]) -> dict:
    """The audit log's picture of a schedule."""
    return {
        "source": source,
        "holidays": [
            {"name": n, "from": s.isoformat(), "to": e.isoformat()} for n, s, e in sorted(holidays, key=_by_start)
        ],
        "workdays": [d.isoformat() for d in sorted(workdays)],
    }


def _by_start(row: tuple[str, date, date]) -> date:
    return row[1]


def parse_day(value: Any) -> date | None:
    """A date from a YAML scalar or an Excel cell (date, datetime or text such as 2027-04-05)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_year(value: Any) -> int | None:
    text = str(value if value is not None else "").strip().removesuffix("年")
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return parse_year_text(text)


def _label(d: date) -> str:
    return f"{d.isoformat()}（星期{WEEKDAYS[d.weekday()]}）"


def check_schedule(data: ScheduleData, errors: list[str]) -> None:
    """The rules of a schedule, whatever the file: dates in the year, no overlaps, sensible make-up days."""
    if not data.source.strip():
        errors.append("缺少通知标题（source），请填写国务院办公厅通知的标题。")
    elif len(data.source) > MAX_SOURCE:
        errors.append(f"通知标题过长（最多 {MAX_SOURCE} 个字）。")
    if not data.holidays:
        errors.append("没有任何放假安排（holidays），请按通知填写各节日的放假起止日期。")
    off: dict[date, Holiday] = {}
    for h in data.holidays:
        if not h.name.strip() or len(h.name) > MAX_NAME:
            errors.append(f"{h.where}：节日名称不能为空，且最多 {MAX_NAME} 个字。")
        if h.end < h.start:
            errors.append(f"{h.where}：{h.name}的结束日期 {h.end.isoformat()} 早于开始日期 {h.start.isoformat()}。")
            continue
        if h.start.year != data.year or h.end.year != data.year:
            errors.append(f"{h.where}：{h.name}的日期不在 {data.year} 年内。")
            continue
        if (h.end - h.start).days + 1 > MAX_HOLIDAY_DAYS:
            errors.append(f"{h.where}：{h.name}连续放假超过 {MAX_HOLIDAY_DAYS} 天，请核对日期。")
            continue
        for n in range((h.end - h.start).days + 1):
            day = h.start + timedelta(days=n)
            if day in off:
                errors.append(f"{h.where}：{h.name}与{off[day].where}的{off[day].name}日期重叠（{day.isoformat()}）。")
                break
            off[day] = h
    seen: dict[date, str] = {}
    for w in data.workdays:
        if w.day.year != data.year:
            errors.append(f"{w.where}：调休上班日 {w.day.isoformat()} 不在 {data.year} 年内。")
        elif w.day in seen:
            errors.append(f"{w.where}：调休上班日 {w.day.isoformat()} 与{seen[w.day]}重复。")
        elif w.day in off:
            errors.append(f"{w.where}：调休上班日 {w.day.isoformat()} 在{off[w.day].name}放假期间内。")
        elif w.day.weekday() < 5:
            errors.append(f"{w.where}：{_label(w.day)} 本来就是工作日，调休上班日应为周六或周日。")
        seen.setdefault(w.day, w.where)
