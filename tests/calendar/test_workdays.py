"""Working-day calendar: official 2025 arrangement (incl. 调休 make-up days) and the office's exceptions."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from supervision.calendar.workdays import OFFICIAL_LAST_YEAR, CalendarUnavailable, WorkCalendar


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar()


# -- official 2025 facts: National Day / Mid-Autumn ------------------------------------------------


def test_national_day_2025_make_up_days_and_holidays(cal):
    assert date(2025, 9, 28).weekday() == 6  # Sunday ...
    assert cal.is_working_day(date(2025, 9, 28))  # ... but a make-up working day
    for day in range(1, 9):  # 10-01 .. 10-08 are all off
        assert not cal.is_working_day(date(2025, 10, day)), f"2025-10-{day:02d}"
    assert cal.is_working_day(date(2025, 10, 9))  # Thursday, back to work
    assert cal.is_working_day(date(2025, 10, 10))  # Friday
    assert date(2025, 10, 11).weekday() == 5  # Saturday ...
    assert cal.is_working_day(date(2025, 10, 11))  # ... but a make-up working day
    assert not cal.is_working_day(date(2025, 10, 12))  # ordinary Sunday


def test_q3_2025_report_due_date(cal):
    # Working days after 2025-09-30 (10-01..10-08 off): 10-09 Thu (1), 10-10 Fri (2),
    # 10-11 Sat make-up (3), 10-13 Mon (4), 10-14 Tue (5). The make-up Saturday counts, so the
    # 5th working day is 2025-10-14, not 10-15.
    assert cal.quarterly_due_date(2025, 3) == date(2025, 10, 14)
    assert cal.quarterly_due_date(2025, 3, nth=1) == date(2025, 10, 9)


def test_next_working_day_over_national_day(cal):
    assert cal.next_working_day(date(2025, 10, 1)) == date(2025, 10, 9)
    assert cal.next_working_day(date(2025, 9, 30)) == date(2025, 9, 30)
    assert cal.next_working_day(date(2025, 9, 30), include_self=False) == date(2025, 10, 9)
    assert cal.next_working_day(datetime(2025, 10, 3, 15, 30)) == date(2025, 10, 9)


# -- official 2025 facts: Spring Festival ----------------------------------------------------------


def test_spring_festival_2025(cal):
    assert cal.is_working_day(date(2025, 1, 26))  # Sunday, make-up working day
    for day in (28, 29, 30, 31):
        assert not cal.is_working_day(date(2025, 1, day))
    for day in (1, 2, 3, 4):
        assert not cal.is_working_day(date(2025, 2, day))
    assert cal.is_working_day(date(2025, 2, 8))  # Saturday, make-up working day
    # From Friday 01-24: 01-26 Sun make-up (1), 01-27 Mon (2), then the holiday, 02-05 Wed (3).
    assert cal.add_working_days(date(2025, 1, 24), 1) == date(2025, 1, 26)
    assert cal.add_working_days(date(2025, 1, 24), 3) == date(2025, 2, 5)


def test_q4_2024_due_dates(cal):
    # 2025-01-01 is New Year's Day: 01-02 Thu (1), 01-03 Fri (2), 01-06 Mon (3), 01-07 (4), 01-08 (5).
    assert cal.quarterly_due_date(2024, 4) == date(2025, 1, 8)
    # A long deadline runs into the Spring Festival: the 19th working day is 01-27 (after the
    # 01-26 make-up Sunday as 18th), the 20th is 02-05, the first day back.
    assert cal.quarterly_due_date(2024, 4, nth=19) == date(2025, 1, 27)
    assert cal.quarterly_due_date(2024, 4, nth=20) == date(2025, 2, 5)


# -- annual summary --------------------------------------------------------------------------------


def test_annual_summary_on_a_monday_stays(cal):
    assert date(2025, 12, 15).weekday() == 0
    assert cal.annual_summary_due(2025) == date(2025, 12, 15)


def test_annual_summary_on_a_weekend_moves(cal):
    assert date(2024, 12, 15).weekday() == 6  # Sunday
    assert cal.annual_summary_due(2024) == date(2024, 12, 16)
    assert cal.annual_summary_due(2025, 10, 1) == date(2025, 10, 9)


# -- add_working_days edge cases -------------------------------------------------------------------


def test_add_zero_working_days(cal):
    assert cal.add_working_days(date(2025, 10, 9), 0) == date(2025, 10, 9)
    assert cal.add_working_days(date(2025, 10, 5), 0) == date(2025, 10, 9)
    with pytest.raises(ValueError):
        cal.add_working_days(date(2025, 10, 9), -1)


def test_invalid_quarter_or_nth(cal):
    with pytest.raises(ValueError):
        cal.quarterly_due_date(2025, 5)
    with pytest.raises(ValueError):
        cal.quarterly_due_date(2025, 3, nth=0)


# -- working_days_between --------------------------------------------------------------------------


def test_working_days_between_across_national_day(cal):
    # (09-26 Fri, 10-10]: 09-28 Sun make-up, 09-29, 09-30, 10-09, 10-10 -> 5.
    assert cal.working_days_between(date(2025, 9, 26), date(2025, 10, 10)) == 5
    assert cal.working_days_between(date(2025, 10, 10), date(2025, 9, 26)) == -5
    # Holidays only: nothing counted.
    assert cal.working_days_between(date(2025, 9, 30), date(2025, 10, 8)) == 0
    assert cal.working_days_between(date(2025, 10, 9), date(2025, 10, 9)) == 0


def test_working_days_between_overdue_and_due_within(cal):
    due = cal.quarterly_due_date(2025, 3)  # 2025-10-14
    assert cal.working_days_between(due, date(2025, 10, 17)) == 3  # overdue by 3 working days
    # Due within: from 10-08 (holiday) -> 10-09, 10-10, 10-11, 10-13, 10-14.
    assert cal.working_days_between(date(2025, 10, 8), due) == 5
    assert cal.working_days_between(date(2025, 10, 17), due) == -3


def test_working_days_between_across_spring_festival(cal):
    # (01-24, 02-08]: 01-26, 01-27, 02-05, 02-06, 02-07, 02-08 Sat make-up -> 6.
    assert cal.working_days_between(date(2025, 1, 24), date(2025, 2, 8)) == 6


# -- local exceptions ------------------------------------------------------------------------------


def test_extra_holiday_shifts_due_date():
    cal = WorkCalendar(extra_holidays=[date(2025, 10, 13)])
    assert not cal.is_working_day(date(2025, 10, 13))
    # 10-09, 10-10, 10-11, (10-13 off locally), 10-14, 10-15 -> 5th is 10-15.
    assert cal.quarterly_due_date(2025, 3) == date(2025, 10, 15)


def test_extra_holiday_overrides_official_make_up_day():
    cal = WorkCalendar(extra_holidays=[date(2025, 10, 11)])
    assert not cal.is_working_day(date(2025, 10, 11))
    assert cal.quarterly_due_date(2025, 3) == date(2025, 10, 15)


def test_extra_workday_on_a_sunday_counts():
    cal = WorkCalendar(extra_workdays=[date(2025, 10, 12)])
    assert date(2025, 10, 12).weekday() == 6
    assert cal.is_working_day(date(2025, 10, 12))
    assert cal.quarterly_due_date(2025, 3) == date(2025, 10, 13)
    assert cal.working_days_between(date(2025, 10, 10), date(2025, 10, 13)) == 3


def test_extra_workday_inside_official_holiday():
    cal = WorkCalendar(extra_workdays=[date(2025, 10, 8)])
    assert cal.next_working_day(date(2025, 10, 1)) == date(2025, 10, 8)


def test_same_date_as_holiday_and_workday_is_rejected():
    with pytest.raises(ValueError):
        WorkCalendar(extra_holidays=[date(2025, 10, 13)], extra_workdays=[date(2025, 10, 13)])


# -- years without official data -------------------------------------------------------------------


def test_far_future_year_is_unavailable(cal):
    with pytest.raises(CalendarUnavailable) as info:
        cal.is_working_day(date(2100, 3, 1))
    assert info.value.year == 2100
    assert info.value.message == "暂无 2100 年的法定节假日数据，请升级 chinesecalendar 或由办公室录入该年度节假日。"
    assert str(info.value) == info.value.message
    assert not isinstance(info.value, NotImplementedError)
    with pytest.raises(CalendarUnavailable):
        cal.quarterly_due_date(2100, 1)
    with pytest.raises(CalendarUnavailable):
        cal.annual_summary_due(2100)


def test_q4_of_last_supported_year_needs_next_year(cal):
    # Q4's deadline falls in January of the following year, which the installed package lacks.
    with pytest.raises(CalendarUnavailable) as info:
        cal.quarterly_due_date(OFFICIAL_LAST_YEAR, 4)
    assert info.value.year == OFFICIAL_LAST_YEAR + 1


def test_office_entered_dates_and_complete_years():
    year = OFFICIAL_LAST_YEAR + 1
    # A single entered date answers for itself, but the rest of the year stays unknown.
    cal = WorkCalendar(extra_holidays=[date(year, 1, 1)])
    assert not cal.is_working_day(date(year, 1, 1))
    with pytest.raises(CalendarUnavailable):
        cal.is_working_day(date(year, 1, 4))
    # Once the office marks the year as fully entered: Monday-Friday plus its exceptions.
    cal = WorkCalendar(extra_holidays=[date(year, 1, 1)], complete_years=[year])
    assert not cal.is_working_day(date(year, 1, 1))
    first_weekday = next(date(year, 1, d) for d in range(2, 9) if date(year, 1, d).weekday() < 5)
    assert cal.is_working_day(first_weekday)
    assert cal.quarterly_due_date(OFFICIAL_LAST_YEAR, 4, nth=1) == first_weekday
