"""Figures behind the charts, computed from milestone rows of one year."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date

from sqlalchemy import select

from supervision import clock
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.reports.models import Report
from supervision.work.lights import counts_by_category, counts_by_lead_department


@dataclass
class Figures:
    year: int
    completion: list[tuple[str, int, int]] = field(default_factory=list)  # category, done, total
    lights: list[tuple[str, Counter]] = field(default_factory=list)  # department, counts by light
    on_time: list[tuple[str, int, int]] = field(default_factory=list)  # quarter, on time, due
    totals: Counter = field(default_factory=Counter)

    @property
    def empty(self) -> bool:
        return not self.totals


def figures(year: int, today: date) -> Figures:
    """Counts grouped in the database, so the page costs the same whatever the volume of data."""
    by_category = counts_by_category(year, today)
    result = Figures(year=year)
    for counts in by_category.values():
        result.totals.update(counts)
    completion = [(c, counts.get("done", 0), sum(counts.values())) for c, counts in by_category.items()]
    result.completion = sorted(completion, key=lambda x: (-x[1] / x[2], x[0]))
    by_department = counts_by_lead_department(year, today)
    result.lights = sorted(((d, Counter(c)) for d, c in by_department.items()), key=lambda i: (-i[1]["red"], i[0]))
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
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(clock.SHANGHAI).date()
