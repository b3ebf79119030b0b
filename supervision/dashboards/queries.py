"""Figures behind the charts, computed from milestone rows of one year."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.milestones.queries import MilestoneRow, milestones_of_year, rows_for
from supervision.reports.models import Report

LIGHTS = ("red", "yellow", "green", "done", "grey")


@dataclass
class Figures:
    year: int
    rows: list[MilestoneRow]
    completion: list[tuple[str, int, int]] = field(default_factory=list)  # category, done, total
    lights: list[tuple[str, Counter]] = field(default_factory=list)  # department, counts by light
    on_time: list[tuple[str, int, int]] = field(default_factory=list)  # quarter, on time, due
    totals: Counter = field(default_factory=Counter)


def figures(year: int, today: date) -> Figures:
    rows = rows_for(milestones_of_year(year), today)
    result = Figures(year=year, rows=rows, totals=Counter(r.light for r in rows))
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_department: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        counts = by_category[row.task.category]
        counts[1] += 1
        counts[0] += row.light == "done"
        for department in row.task.lead_departments:
            by_department[department.name][row.light] += 1
    result.completion = sorted(((c, d, t) for c, (d, t) in by_category.items()), key=lambda x: -x[1] / x[2])
    result.lights = sorted(by_department.items(), key=lambda item: (-item[1]["red"], item[0]))
    result.on_time = on_time_by_quarter(year, today)
    return result


def on_time_by_quarter(year: int, today: date) -> list[tuple[str, int, int]]:
    """For the quarterly milestones already due: how many reports were submitted by the due date."""
    rows = db.session.execute(
        select(Milestone.key, Milestone.due_date, Report.submitted_at)
        .outerjoin(Report, Report.milestone_id == Milestone.id)
        .where(Milestone.year == year, Milestone.key.in_(["Q1", "Q2", "Q3", "Q4"]))
    ).all()
    result = []
    for quarter in ("Q1", "Q2", "Q3", "Q4"):
        due = [(d, s) for k, d, s in rows if k == quarter and d <= today]
        on_time = sum(1 for d, s in due if s is not None and _local_date(s) <= d)
        result.append((f"第{quarter[1]}季度", on_time, len(due)))
    return result


def _local_date(moment) -> date:
    from datetime import UTC
    from zoneinfo import ZoneInfo

    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo("Asia/Shanghai")).date()
