"""The city-wide roll-up by district: each district's items of a year (its part of every task naming
各区、县(市)政府, and its local tasks), their lights, progress, on-time rate and the trend by quarter."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, func, select

from supervision.clock import local_date as _local_date
from supervision.clock import local_date_sql
from supervision.districts.models import LocalPlan
from supervision.districts.units import collective_ids, district_units
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.reports.models import Contribution, Report
from supervision.tasks.models import Task, TaskDepartment
from supervision.work.lights import light_case, year_rows

QUARTERS = ("第1季度", "第2季度", "第3季度", "第4季度")
OPEN = ("red", "yellow", "green")


@dataclass
class DistrictFigures:
    name: str
    lights: Counter = field(default_factory=Counter)
    due: int = 0  # items due by today
    on_time: int = 0  # of those, done by their due date
    quarters: dict = field(default_factory=lambda: {q: [0, 0] for q in QUARTERS})  # quarter: [on time, due]

    @property
    def total(self) -> int:
        return sum(self.lights.values())

    @property
    def done(self) -> int:
        return self.lights["done"]

    @property
    def progress(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def on_time_rate(self) -> int | None:
        return round(100 * self.on_time / self.due) if self.due else None

    def add(self, light: str, due_date: date, on_time: bool, today: date, count: int = 1) -> None:
        """Count `count` items of this light due on `due_date` (`on_time`: done by then)."""
        self.lights[light] += count
        if due_date <= today and light not in ("grey", "closed"):
            quarter = QUARTERS[(due_date.month - 1) // 3]
            self.due += count
            self.on_time += count * on_time
            self.quarters[quarter][0] += count * on_time
            self.quarters[quarter][1] += count


def _part_light(base: str, contribution: tuple | None, due_date: date, today: date) -> str:
    """A district's light on a collective task's milestone: done once it has submitted its part."""
    if base in ("grey", "closed"):
        return base
    if contribution is not None and contribution[0] == "submitted":
        return "done"
    if base == "done":  # the lead's report is approved, the district's part is still missing
        return "red" if due_date < today else "green"
    return base


def district_figures(year: int, today: date) -> list[DistrictFigures]:
    """One DistrictFigures per active district unit, in list order; a few queries whatever the volume."""
    districts = district_units()
    result = {d.id: DistrictFigures(d.name) for d in districts}
    light = light_case(today)
    collective_tasks = select(TaskDepartment.task_id).where(TaskDepartment.department_id.in_(collective_ids()))
    shared = db.session.execute(
        year_rows(year).add_columns(Milestone.id, Milestone.due_date, light).where(Task.id.in_(collective_tasks))
    ).all()
    parts = {
        (m, d): (status, submitted)
        for m, d, status, submitted in db.session.execute(
            select(
                Contribution.milestone_id, Contribution.department_id, Contribution.status, Contribution.submitted_at
            )
            .join(Milestone, Milestone.id == Contribution.milestone_id)
            .where(Milestone.year == year, Contribution.department_id.in_(result))
        )
    }
    for milestone_id, due_date, base in shared:
        for district_id, figures in result.items():
            part = parts.get((milestone_id, district_id))
            on_time = bool(part and part[0] == "submitted" and part[1] and _local_date(part[1]) <= due_date)
            figures.add(_part_light(base, part, due_date, today), due_date, on_time, today)
    # the districts' own tasks (tens of thousands of milestones at city scale): counted by the database
    on_time = and_(
        Report.status == "approved",
        Report.submitted_at.is_not(None),
        local_date_sql(Report.submitted_at) <= Milestone.due_date,
    )
    on_time_flag = case((on_time, 1), else_=0)
    own = db.session.execute(
        year_rows(year)
        .join(LocalPlan, LocalPlan.plan_id == Task.plan_id)
        .where(LocalPlan.district_id.in_(result))
        .add_columns(LocalPlan.district_id, Milestone.due_date, light, on_time_flag, func.count())
        .group_by(LocalPlan.district_id, Milestone.due_date, light, on_time_flag)
    ).all()
    for district_id, due_date, value, done_in_time, count in own:
        result[district_id].add(value, due_date, bool(done_in_time), today, count)
    return [result[d.id] for d in districts]


def city_trend(rows: list[DistrictFigures]) -> list[tuple[str, int, int]]:
    """On-time items over items due, by quarter, for all districts together (percent_bars rows)."""
    return [(q, sum(r.quarters[q][0] for r in rows), sum(r.quarters[q][1] for r in rows)) for q in QUARTERS]


def chart_rows(rows: list[DistrictFigures]) -> dict:
    """The rows of the page's and the PDF's charts: progress, lights and the city-wide trend."""
    return {
        "progress": [(r.name, r.done, r.total) for r in rows],
        "by_light": [(r.name, r.lights) for r in rows],
        "trend": city_trend(rows),
    }
