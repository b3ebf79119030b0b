"""Working-day calendar for due dates: the official Chinese calendar plus the office's local exceptions.

The official arrangement (statutory holidays and the make-up working days, 调休, that go with them) comes
from the ``chinesecalendar`` package. That package only knows the years the State Council has published;
outside them it raises ``NotImplementedError``, which is turned here into :class:`CalendarUnavailable`
with a message the office can act on.

Local exceptions entered by the office always win over the official calendar:

* ``extra_holidays`` - dates that are not working days locally (e.g. a city-specific day off);
* ``extra_workdays`` - dates that are working days locally (e.g. an extra make-up Saturday).

A year's State Council schedule the office entered (``schedules``, see ``arrangements.py``) overrides the
package for that year. For a year neither covers, ``estimate=True`` (what ``store.work_calendar()`` passes)
estimates the statutory holidays from the lunar calendar, and :meth:`WorkCalendar.is_provisional` tells
callers that dates derived from that year are 暂定; without it such a year raises
:class:`CalendarUnavailable`. The legacy ``complete_years`` are computed as Monday-Friday plus the local
exceptions.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from datetime import date, timedelta

import chinese_calendar

from supervision.calendar.arrangements import YearArrangement, estimated_arrangement

__all__ = ["OFFICIAL_FIRST_YEAR", "OFFICIAL_LAST_YEAR", "CalendarUnavailable", "WorkCalendar"]

# The years the installed chinesecalendar release has data for (it validates against the same bounds).
OFFICIAL_FIRST_YEAR: int = min(chinese_calendar.holidays).year
OFFICIAL_LAST_YEAR: int = max(chinese_calendar.holidays).year

_ONE_DAY = timedelta(days=1)
# Quarter -> (month, day) of its last day.
_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


class CalendarUnavailable(Exception):
    """No holiday arrangement is known for a year, so working days cannot be computed reliably."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.message = f"暂无 {year} 年的法定节假日数据，请升级 chinesecalendar 或由办公室录入该年度节假日。"
        super().__init__(self.message)


def _as_date(d: date) -> date:
    """Accept ``datetime`` values too (a subclass of ``date``), comparing only the calendar day."""
    if isinstance(d, _dt.datetime):
        return d.date()
    if not isinstance(d, date):
        raise TypeError(f"expected a datetime.date, got {type(d).__name__}")
    return d


class WorkCalendar:
    """Working days per the official Chinese calendar, overridden by the office's local exceptions."""

    def __init__(
        self,
        extra_holidays: Iterable[date] = (),
        extra_workdays: Iterable[date] = (),
        *,
        complete_years: Iterable[int] = (),
        schedules: Iterable[YearArrangement] = (),
        estimate: bool = False,
    ) -> None:
        self.extra_holidays: frozenset[date] = frozenset(_as_date(d) for d in extra_holidays)
        self.extra_workdays: frozenset[date] = frozenset(_as_date(d) for d in extra_workdays)
        clash = self.extra_holidays & self.extra_workdays
        if clash:
            days = ", ".join(d.isoformat() for d in sorted(clash))
            raise ValueError(f"dates entered both as extra holidays and extra workdays: {days}")
        self.complete_years: frozenset[int] = frozenset(int(y) for y in complete_years)
        self.schedules: dict[int, YearArrangement] = {s.year: s for s in schedules}
        self.estimate = estimate
        self._known: dict[date, bool] = {}  # days already looked up (the calendar does not change once made)

    # -- where a year's arrangement comes from -----------------------------------------------------

    def basis(self, year: int) -> str:
        """'entered', 'official', 'complete' or 'estimated' (the last: no official data for ``year``)."""
        if year in self.schedules:
            return "entered"
        if OFFICIAL_FIRST_YEAR <= year <= OFFICIAL_LAST_YEAR:
            return "official"
        return "complete" if year in self.complete_years else "estimated"

    def is_provisional(self, year: int) -> bool:
        """Whether dates of ``year`` rest on an estimate (暂定) rather than a published schedule."""
        return self.basis(year) == "estimated"

    def provisional_years(self, years: Iterable[int]) -> list[int]:
        """The years among ``years`` that are provisional, in order."""
        return sorted({y for y in years if self.is_provisional(y)})

    # -- single days -------------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day; an unknown year is estimated or raises :class:`CalendarUnavailable`."""
        d = _as_date(d)
        known = self._known.get(d)
        if known is None:
            known = self._known[d] = self._look_up(d)
        return known

    def _look_up(self, d: date) -> bool:
        if d in self.extra_holidays:
            return False
        if d in self.extra_workdays:
            return True
        if d.year in self.schedules:
            return self.schedules[d.year].is_working_day(d)
        if OFFICIAL_FIRST_YEAR <= d.year <= OFFICIAL_LAST_YEAR:
            try:
                return chinese_calendar.is_workday(d)
            except NotImplementedError as exc:  # defensive: the package's own range check
                raise CalendarUnavailable(d.year) from exc
        if d.year in self.complete_years:
            return d.weekday() < 5
        if self.estimate:
            return estimated_arrangement(d.year).is_working_day(d)
        raise CalendarUnavailable(d.year)

    def next_working_day(self, d: date, include_self: bool = True) -> date:
        """The first working day on or after ``d`` (strictly after it when ``include_self`` is false)."""
        d = _as_date(d)
        if not include_self:
            d += _ONE_DAY
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    # -- counting ----------------------------------------------------------------------------------

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d`` (``d`` itself not counted).

        ``n == 0`` returns ``d`` when it is a working day, otherwise the next working day.
        """
        d = _as_date(d)
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if n == 0:
            return self.next_working_day(d, include_self=True)
        for _ in range(n):
            d = self.next_working_day(d, include_self=False)
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Number of working days in ``(start, end]``; negative (``-count`` of ``(end, start]``) if ``end < start``.

        With ``start`` = due date and ``end`` = today this is "overdue by N working days"; with
        ``start`` = today and ``end`` = due date it is "due within N working days".
        """
        start, end = _as_date(start), _as_date(end)
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        d = start + _ONE_DAY
        while d <= end:
            if self.is_working_day(d):
                count += 1
            d += _ONE_DAY
        return count

    # -- due dates ---------------------------------------------------------------------------------

    def quarterly_due_date(self, year: int, quarter: int, nth: int = 5) -> date:
        """The ``nth`` working day after the end of ``quarter`` (Q4 falls in January of ``year + 1``)."""
        if quarter not in _QUARTER_END:
            raise ValueError(f"quarter must be 1-4, got {quarter}")
        if nth < 1:
            raise ValueError(f"nth must be >= 1, got {nth}")
        month, day = _QUARTER_END[quarter]
        return self.add_working_days(date(year, month, day), nth)

    def annual_summary_due(self, year: int, month: int = 12, day: int = 15) -> date:
        """The annual summary deadline (default 15 December), moved to the next working day if needed."""
        return self.next_working_day(date(year, month, day), include_self=True)
