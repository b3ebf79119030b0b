"""The figures of a bulletin, generated from the data as of the period's end: overall progress, the on-time rate
of each lead department, the overdue milestones, the red tasks and, once published, the year's ranking."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import or_, select

from supervision.assessment.models import Assessment, AssessmentRound
from supervision.assessment.scheme.constants import KIND_LABELS
from supervision.calendar.store import work_calendar
from supervision.calendar.workdays import CalendarUnavailable, WorkCalendar
from supervision.clock import local_date
from supervision.extensions import db
from supervision.milestones.lights import light_for, worst_light
from supervision.milestones.models import Milestone
from supervision.reports.models import Report
from supervision.tasks.models import Task


def period_bounds(kind: str, year: int, period: int) -> tuple[date, date]:
    """First and last day of a month (period 1-12), a quarter (1-4) or a year."""
    if kind == "month":
        first = date(year, period, 1)
        return first, (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if kind == "quarter":
        first = date(year, 3 * period - 2, 1)
        return first, (date(year + (period == 4), 1 if period == 4 else 3 * period + 1, 1)) - timedelta(days=1)
    return date(year, 1, 1), date(year, 12, 31)


@dataclass
class DepartmentRate:
    department: str
    due: int = 0  # milestones of its led tasks due within the period
    approved: int = 0  # approved by the period's end
    on_time: int = 0  # approved, first submitted by the due date

    @property
    def rate(self) -> float | None:
        return self.on_time / self.due if self.due else None


@dataclass
class OverdueLine:
    department_id: int
    department: str
    task: str
    milestone: str
    due_date: date
    days: int  # working days overdue at the period's end


@dataclass
class RedTask:
    task: str
    departments: str
    overdue: int  # its overdue milestones
    longest: int  # working days of the longest


@dataclass
class RankLine:
    kind: str
    rank: int | None
    department: str
    total: float | None
    grade: str | None


@dataclass
class BulletinFacts:
    start: date
    end: date
    task_lights: Counter = field(default_factory=Counter)  # task light at the end → tasks
    departments: list[DepartmentRate] = field(default_factory=list)
    overdue: list[OverdueLine] = field(default_factory=list)
    red: list[RedTask] = field(default_factory=list)
    ranking: list[RankLine] = field(default_factory=list)
    addressees: set[int] = field(default_factory=set)  # lead departments with milestones due by the end

    @property
    def due(self) -> int:
        return sum(d.due for d in self.departments)

    @property
    def on_time(self) -> int:
        return sum(d.on_time for d in self.departments)

    @property
    def tasks(self) -> int:
        return sum(self.task_lights.values())

    @property
    def overdue_departments(self) -> list[str]:
        return list(dict.fromkeys(line.department for line in self.overdue))


def _overdue_days(calendar: WorkCalendar, due: date, end: date) -> int:
    try:
        return calendar.working_days_between(due, end)
    except CalendarUnavailable:
        return (end - due).days


def status_as_of(status: str | None, submitted_at, approved_at, end: date) -> str | None:
    """A report's state at the end of `end` as far as its dates tell: approved, waiting for review, or open."""
    if status == "approved" and approved_at is not None and local_date(approved_at) <= end:
        return "approved"
    if status in ("submitted", "pending_review", "approved") and submitted_at and local_date(submitted_at) <= end:
        return "pending_review"
    return None


def bulletin_facts(start: date, end: date) -> BulletinFacts:
    """Every figure of the period [start, end] from milestones and reports as they stood at the end."""
    facts = BulletinFacts(start, end)
    calendar = work_calendar(assume_weekdays_after_official=True)
    rows = db.session.execute(
        select(Milestone, Report.status, Report.submitted_at, Report.approved_at)
        .join(Task, Task.id == Milestone.task_id)
        .outerjoin(Report, Report.milestone_id == Milestone.id)
        .where(Task.active, Milestone.year >= Task.start_year, Milestone.year <= Task.end_year)
        .where(or_(Milestone.year == end.year, Milestone.due_date <= end))
        .order_by(Milestone.due_date, Milestone.id)
    ).all()
    rates: dict[str, DepartmentRate] = {}
    lights: dict[int, list[str]] = defaultdict(list)
    tasks: dict[int, Task] = {}
    late: dict[int, list[int]] = defaultdict(list)
    for milestone, status, submitted_at, approved_at in rows:
        task = milestone.task
        if not task.supervised(milestone.year, end):
            continue
        state = status_as_of(status, submitted_at, approved_at, end)
        light = light_for(milestone, state, end, calendar)
        tasks[task.id] = task
        lights[task.id].append(light)
        leads = task.lead_departments
        if milestone.due_date <= end:
            facts.addressees.update(d.id for d in leads)
        if start <= milestone.due_date <= end:
            for department in leads:
                rate = rates.setdefault(department.name, DepartmentRate(department.name))
                rate.due += 1
                if state == "approved":
                    rate.approved += 1
                    if submitted_at is not None and local_date(submitted_at) <= milestone.due_date:
                        rate.on_time += 1
        if light == "red":
            days = _overdue_days(calendar, milestone.due_date, end)
            late[task.id].append(days)
            label = f"{task.kind_label}{task.number} {task.name}"
            for department in leads:
                facts.overdue.append(
                    OverdueLine(department.id, department.name, label, milestone.title, milestone.due_date, days)
                )
    facts.task_lights = Counter(worst_light(values) for values in lights.values())
    facts.departments = sorted(rates.values(), key=lambda d: (d.rate if d.rate is not None else 2, d.department))
    facts.overdue.sort(key=lambda line: (line.department, -line.days, line.task))
    for task_id, days in late.items():
        if worst_light(lights[task_id]) == "red":
            task = tasks[task_id]
            names = "、".join(d.name for d in task.lead_departments) or "未交办"
            facts.red.append(RedTask(f"{task.kind_label}{task.number} {task.name}", names, len(days), max(days)))
    facts.red.sort(key=lambda r: (-r.longest, r.task))
    facts.ranking = published_ranking(end.year)
    return facts


def published_ranking(year: int) -> list[RankLine]:
    """The ranking of the year's assessment when it is published, by kind and rank; else empty."""
    round_ = db.session.scalar(select(AssessmentRound).where(AssessmentRound.year == year))
    if round_ is None or not round_.published:
        return []
    rated = db.session.scalars(select(Assessment).where(Assessment.year == year, Assessment.rated)).all()
    kinds = list(round_.inputs.get("scheme", {}).get("kinds", [])) or sorted({a.kind for a in rated})
    order = {kind: i for i, kind in enumerate(kinds)}
    rated = sorted(rated, key=lambda a: (order.get(a.kind, len(order)), a.rank or 10**6, a.department.name))
    return [RankLine(KIND_LABELS.get(a.kind, a.kind), a.rank, a.department.name, a.total, a.grade) for a in rated]
