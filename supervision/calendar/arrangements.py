"""A year's holiday arrangement (days off and make-up working days) and where it comes from.

Three sources, best first: the State Council's schedule the office entered, the ``chinesecalendar``
package (the years it has published data for), and an estimate of the statutory holidays from the lunar
calendar (the ``holidays`` package: no make-up working days, so every date derived from it is 暂定).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
import holidays as holiday_rules

__all__ = ["ENTERED", "ESTIMATED", "OFFICIAL", "Period", "YearArrangement", "estimated_arrangement", "periods_of"]

ENTERED, OFFICIAL, ESTIMATED = "entered", "official", "estimated"
BASIS_LABELS = {
    ENTERED: "办公室录入的国务院节假日安排",
    OFFICIAL: "国务院已公布的节假日安排（chinesecalendar）",
    ESTIMATED: "暂定：按农历推算的法定节假日，不含调休上班日",
}
# chinesecalendar names its holidays in English.
OFFICIAL_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


@dataclass(frozen=True)
class Period:
    """A named run of days off, ``start`` to ``end`` inclusive."""

    name: str
    start: date
    end: date


@dataclass(frozen=True)
class YearArrangement:
    """The days off and make-up working days of one year; other days follow the week (Monday-Friday)."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date] = frozenset()
    basis: str = ENTERED
    source: str = ""

    def is_working_day(self, d: date) -> bool:
        if d in self.holidays:
            return False
        return d in self.workdays or d.weekday() < 5

    @property
    def provisional(self) -> bool:
        return self.basis == ESTIMATED


def _estimated_names(year: int) -> dict[date, str]:
    try:
        return dict(holiday_rules.China(years=year, language="zh_CN"))
    except Exception:  # an estimate that cannot be made leaves the ordinary week
        return {}


@lru_cache(maxsize=256)
def estimated_arrangement(year: int) -> YearArrangement:
    """The statutory holidays of ``year`` computed from the lunar calendar, with no make-up working days."""
    days = frozenset(d for d in _estimated_names(year) if d.year == year)
    return YearArrangement(year, days, frozenset(), basis=ESTIMATED, source=BASIS_LABELS[ESTIMATED])


def _runs(named: dict[date, str]) -> list[Period]:
    """Group consecutive days off into periods, naming each by its distinct holiday names."""
    periods: list[Period] = []
    names: list[str] = []
    for day in sorted(named):
        base = named[day].split("；")[0].split(";")[0].split("（")[0].split("(")[0].strip()
        if periods and day - periods[-1].end == timedelta(days=1):
            if base not in names:
                names.append(base)
            periods[-1] = Period("、".join(names), periods[-1].start, day)
        else:
            names = [base]
            periods.append(Period(base, day, day))
    return periods


def periods_of(year: int, basis: str) -> tuple[list[Period], list[date]]:
    """The holiday periods and make-up working days of ``year`` per chinesecalendar or the estimate."""
    if basis == OFFICIAL:
        named = {d: OFFICIAL_NAMES.get(n, n) for d, n in chinese_calendar.holidays.items() if d.year == year}
        workdays = sorted(d for d in chinese_calendar.workdays if d.year == year and d.weekday() >= 5)
        return _runs(named), workdays
    named = {d: n for d, n in _estimated_names(year).items() if d.year == year}
    return _runs(named), []
