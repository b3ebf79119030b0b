"""Importing a plan workbook: the plans with their tasks and, from the indicators sheet, their indicators with any
baseline and target years; all or nothing, audited."""

from __future__ import annotations

from typing import BinaryIO

from sqlalchemy import select

from supervision.audit.services import record_event
from supervision.extensions import db
from supervision.indicators.models import Indicator
from supervision.indicators.register import read_rule
from supervision.plans.excel_indicators import read_plan_workbook
from supervision.plans.models import Plan
from supervision.plans.services import department_index, load_plans

FIELDS = ("category", "name", "unit", "baseline_year", "baseline", "target_year", "target")


def import_plan_workbook(data: bytes | BinaryIO, *, actor=None) -> dict[str, int]:
    """Read the whole workbook (PlanImportError lists every problem), then write plans, tasks and indicators."""
    index = department_index()
    known = set(db.session.scalars(select(Plan.code)))
    plans, indicators = read_plan_workbook(data, known_plans=known, departments=set(index))
    counts = load_plans(plans, actor=actor)
    counts["indicators"] = load_plan_indicators(indicators, index, actor=actor)
    return counts


def load_plan_indicators(rows: list[dict], index: dict, *, actor=None) -> int:
    """Insert or update indicators keyed by plan, number and coverage (the office's rules and settings of an
    unchanged indicator are kept); returns how many were created or changed."""
    changed = 0
    for row in rows:
        indicator = db.session.scalar(
            select(Indicator).where(
                Indicator.plan_code == row["plan"],
                Indicator.number == row["number"],
                Indicator.coverage.is_(None) if row["coverage"] is None else Indicator.coverage == row["coverage"],
            )
        )
        wanted = {field: row[field] for field in FIELDS}
        owner = index[row["owner"]] if row["owner"] else None
        if indicator is not None and {f: getattr(indicator, f) for f in FIELDS} == wanted:
            if owner is not None and indicator.owner_id != owner.id:
                indicator.owner = owner
                changed += 1
            continue
        before = None if indicator is None else {f: getattr(indicator, f) for f in FIELDS}
        if indicator is None:
            indicator = Indicator(plan_code=row["plan"], number=row["number"], coverage=row["coverage"])
            db.session.add(indicator)
        for field, value in wanted.items():
            setattr(indicator, field, value)
        if owner is not None:
            indicator.owner = owner
        indicator.rule, indicator.direction = read_rule(indicator)
        db.session.flush()
        changed += 1
        record_event(
            "indicator.import_definition",
            object_type="indicator",
            object_id=indicator.id,
            before=before,
            after={**wanted, "plan": row["plan"], "number": row["number"], "coverage": row["coverage"]},
            user=actor,
        )
    return changed
