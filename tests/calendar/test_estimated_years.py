"""Years without official data: estimated holidays (暂定), entered schedules over chinesecalendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from supervision.calendar.arrangements import YearArrangement, estimated_arrangement
from supervision.calendar.models import CalendarException
from supervision.calendar.store import work_calendar
from supervision.calendar.workdays import OFFICIAL_LAST_YEAR, WorkCalendar

FIRST_ESTIMATED = OFFICIAL_LAST_YEAR + 1


@pytest.fixture
def estimated() -> WorkCalendar:
    return WorkCalendar(estimate=True)


def test_statutory_holidays_of_2027_are_estimated_from_the_lunar_calendar(estimated):
    assert FIRST_ESTIMATED <= 2027
    assert not estimated.is_working_day(date(2027, 1, 1))  # 元旦, a Friday
    assert not estimated.is_working_day(date(2027, 2, 8))  # 春节 (lunar new year 2027-02-06)
    assert not estimated.is_working_day(date(2027, 10, 1))  # 国庆节
    assert estimated.is_working_day(date(2027, 1, 4))  # an ordinary Monday
    assert not estimated.is_working_day(date(2027, 1, 9))  # weekends as usual ...
    assert all(not estimated.is_working_day(d) for d in estimated_arrangement(2027).holidays)
    assert estimated_arrangement(2027).workdays == frozenset()  # ... and no make-up working days


def test_estimated_years_are_provisional_and_official_ones_are_not(estimated):
    assert estimated.is_provisional(2027) and estimated.basis(2027) == "estimated"
    assert not estimated.is_provisional(OFFICIAL_LAST_YEAR) and estimated.basis(OFFICIAL_LAST_YEAR) == "official"
    assert estimated.provisional_years(range(2025, 2031)) == list(range(FIRST_ESTIMATED, 2031))


def test_due_dates_say_whether_they_are_provisional(estimated):
    # Q3 2026 is counted inside 2026 (official); Q4 2026 is due in January 2027 (estimated).
    assert estimated.quarterly_due_date(2026, 3) == date(2026, 10, 13)
    assert not estimated.is_provisional(2026)
    q4 = estimated.quarterly_due_date(2026, 4)
    assert q4 == date(2027, 1, 8) and estimated.is_provisional(q4.year)
    assert estimated.annual_summary_due(2027) == date(2027, 12, 15) and estimated.is_provisional(2027)


def test_every_day_of_2027_to_2031_and_far_years_answer(estimated):
    day = date(2027, 1, 1)
    while day.year <= 2031:
        estimated.is_working_day(day)
        day += timedelta(days=1)
    assert estimated.quarterly_due_date(2031, 4) > date(2031, 12, 31)
    assert estimated.working_days_between(date(2027, 1, 1), date(2031, 12, 31)) > 1200
    assert estimated.is_working_day(date(2100, 3, 1))
    assert estimated.annual_summary_due(2100) >= date(2100, 12, 15)


def test_entered_schedule_overrides_chinesecalendar_for_its_year():
    official = WorkCalendar()
    assert official.is_working_day(date(2026, 3, 2))
    arrangement = YearArrangement(2026, frozenset({date(2026, 3, 2)}), frozenset({date(2026, 3, 7)}))
    cal = WorkCalendar(schedules=[arrangement])
    assert not cal.is_working_day(date(2026, 3, 2))
    assert cal.is_working_day(date(2026, 3, 7))  # a Saturday made a working day
    assert cal.is_working_day(date(2026, 10, 2))  # the entered year no longer knows chinesecalendar's days
    assert cal.basis(2026) == "entered" and not cal.is_provisional(2026)


def test_local_exceptions_still_win_over_an_entered_schedule():
    arrangement = YearArrangement(2027, frozenset({date(2027, 4, 5)}), frozenset({date(2027, 4, 10)}))
    cal = WorkCalendar(extra_workdays=[date(2027, 4, 5)], extra_holidays=[date(2027, 4, 10)], schedules=[arrangement])
    assert cal.is_working_day(date(2027, 4, 5))
    assert not cal.is_working_day(date(2027, 4, 10))


def test_the_calendar_in_force_never_raises_for_a_year(db):
    db.session.add(CalendarException(day=date(2029, 3, 5), kind="holiday", note="本地调整"))
    db.session.flush()
    cal = work_calendar()
    assert not cal.is_working_day(date(2029, 3, 5))
    for year in range(2026, 2032):
        cal.quarterly_due_date(year, 4)
        cal.annual_summary_due(year)
    assert cal.provisional_years(range(2026, 2032)) == list(range(FIRST_ESTIMATED, 2032))
    assert work_calendar(assume_weekdays_after_official=True).is_working_day(date(2031, 1, 6))
