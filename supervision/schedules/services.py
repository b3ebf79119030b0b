"""Entering a year's State Council schedule, what a year's calendar rests on, and the 暂定 notice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from supervision.audit.services import record_event
from supervision.calendar.arrangements import BASIS_LABELS, ENTERED, ESTIMATED, Period, periods_of
from supervision.calendar.models import ScheduleEntry, YearSchedule
from supervision.calendar.store import work_calendar
from supervision.calendar.workdays import WorkCalendar
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.milestones.services import planned_milestones, update_milestone
from supervision.schedules.data import Holiday, ScheduleData, Workday, snapshot

# From this month on, the next year's schedule is expected (the State Council publishes it in the autumn).
NEXT_YEAR_NOTICE_MONTH = 10


@dataclass(frozen=True)
class ImportResult:
    schedule: YearSchedule
    created: bool
    changed: bool
    redated: int  # generated milestones whose due date moved


@dataclass(frozen=True)
class YearOverview:
    year: int
    basis: str  # entered / official / complete / estimated
    label: str
    source: str
    holidays: list[Period]
    workdays: list[date]

    @property
    def provisional(self) -> bool:
        return self.basis == ESTIMATED


def find_schedule(year: int) -> YearSchedule | None:
    return db.session.scalar(select(YearSchedule).where(YearSchedule.year == year))


def schedule_data(schedule: YearSchedule) -> ScheduleData:
    """An entered schedule in the shape the files have."""
    return ScheduleData(
        schedule.year,
        schedule.source,
        [Holiday(e.name or "", e.start_day, e.end_day) for e in schedule.holidays],
        [Workday(d) for d in schedule.workdays],
    )


def _snapshot(schedule: YearSchedule) -> dict:
    return snapshot(
        schedule.source, [(e.name or "", e.start_day, e.end_day) for e in schedule.holidays], schedule.workdays
    )


def import_schedule(data: ScheduleData, *, actor=None) -> ImportResult:
    """Store `data` as its year's schedule, replacing an earlier one; generated milestones of the year
    whose due dates followed the previous calendar move with it. Audited with before and after."""
    before_calendar = work_calendar()
    schedule = find_schedule(data.year)
    before = _snapshot(schedule) if schedule else None
    after = data.snapshot()
    if before == after:
        return ImportResult(schedule, created=False, changed=False, redated=0)
    created = schedule is None
    if created:
        schedule = YearSchedule(year=data.year)
        db.session.add(schedule)
    schedule.source = data.source.strip()
    schedule.entries = [
        ScheduleEntry(kind="holiday", name=h.name.strip(), start_day=h.start, end_day=h.end) for h in data.holidays
    ] + [ScheduleEntry(kind="workday", start_day=w.day, end_day=w.day) for w in data.workdays]
    db.session.flush()
    record_event(
        "calendar.schedule_import",
        object_type="calendar",
        object_id=data.year,
        before=before,
        after=after,
        user=actor,
    )
    redated = redate_milestones(data.year, before_calendar, work_calendar(), actor=actor)
    return ImportResult(schedule, created=created, changed=True, redated=redated)


def redate_milestones(year: int, before: WorkCalendar, after: WorkCalendar, *, actor=None) -> int:
    """Move the generated milestones whose dates `year` decides (its own, and Q4 of the year before) from
    the dates `before` gave to those of `after`; dates the office changed by hand stay."""
    moved = 0
    for y in (year - 1, year):
        old = {key: due for key, _title, due in planned_milestones(y, before)}
        new = {key: due for key, _title, due in planned_milestones(y, after)}
        rows = db.session.scalars(select(Milestone).where(Milestone.year == y, Milestone.key.in_(list(new)))).all()
        for milestone in rows:
            target = new[milestone.key]
            if milestone.due_date == old.get(milestone.key) and milestone.due_date != target:
                update_milestone(milestone, milestone.title, target, actor=actor)
                moved += 1
    return moved


def year_overview(year: int, calendar: WorkCalendar | None = None) -> YearOverview:
    """The holidays and make-up working days of `year` and what they rest on."""
    calendar = calendar or work_calendar()
    basis = calendar.basis(year)
    schedule = find_schedule(year) if basis == ENTERED else None
    if schedule is not None:
        holidays = [Period(e.name or "", e.start_day, e.end_day) for e in schedule.holidays]
        return YearOverview(year, basis, BASIS_LABELS[ENTERED], schedule.source, holidays, schedule.workdays)
    if basis == "complete":
        return YearOverview(year, basis, "办公室录入的本地调整（周一至周五工作）", "", [], [])
    holidays, workdays = periods_of(year, basis)
    return YearOverview(year, basis, BASIS_LABELS[basis], "", holidays, workdays)


def provisional_years_now(today: date, calendar: WorkCalendar | None = None) -> list[int]:
    """The years whose schedule the office should enter now: this year, and the next from October."""
    years = [today.year] + ([today.year + 1] if today.month >= NEXT_YEAR_NOTICE_MONTH else [])
    return (calendar or work_calendar()).provisional_years(years)


def provisional_notice(today: date, calendar: WorkCalendar | None = None) -> str | None:
    """The office's banner while a year's dates are 暂定, or None."""
    years = provisional_years_now(today, calendar)
    if not years:
        return None
    named = "、".join(f"{y} 年" for y in years)
    return (
        f"{named}的国务院节假日安排尚未录入：相关截止日期按农历推算的法定节假日计算（不含调休上班日），"
        "标记为“暂定”。国务院办公厅通知发布后，请在“节假日安排”中录入。"
    )
