"""Figures behind the charts, computed from milestone rows of one year."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, select

from supervision.clock import local_date_sql
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.reports.models import Report
from supervision.work.lights import light_counts


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
    grouped = light_counts(year, today)
    by_category = grouped.by_category
    result = Figures(year=year)
    for counts in by_category.values():
        result.totals.update(counts)
    completion = [(c, counts.get("done", 0), sum(counts.values())) for c, counts in by_category.items()]
    result.completion = sorted(completion, key=lambda x: (-x[1] / x[2], x[0]))
    by_department = grouped.by_lead_department
    result.lights = sorted(((d, Counter(c)) for d, c in by_department.items()), key=lambda i: (-i[1]["red"], i[0]))
    result.on_time = on_time_by_quarter(year, today)
    return result


def on_time_by_quarter(year: int, today: date) -> list[tuple[str, int, int]]:
    """For the quarterly milestones already due: how many reports were submitted by the due date (by the
    Shanghai date of the submission), counted by the database."""
    on_time = and_(Report.submitted_at.is_not(None), local_date_sql(Report.submitted_at) <= Milestone.due_date)
    counts = dict.fromkeys(QUARTER_KEYS, (0, 0))
    rows = db.session.execute(
        select(Milestone.key, func.count(Report.id).filter(on_time), func.count())
        .outerjoin(Report, Report.milestone_id == Milestone.id)
        .where(Milestone.year == year, Milestone.key.in_(QUARTER_KEYS), Milestone.due_date <= today)
        .group_by(Milestone.key)
    )
    for key, done, due in rows:
        counts[key] = (done, due)
    return [(f"第{key[1]}季度", *counts[key]) for key in QUARTER_KEYS]


QUARTER_KEYS = ("Q1", "Q2", "Q3", "Q4")
