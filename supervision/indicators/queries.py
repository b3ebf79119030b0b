"""Read side of the register: indicators in table order with their values and yearly settings, in few queries."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from supervision.audit.models import AuditEvent
from supervision.extensions import db
from supervision.indicators.entries import judged_series
from supervision.indicators.models import Indicator, IndicatorValue, IndicatorYear
from supervision.indicators.register import Judged


@dataclass
class Row:
    """An indicator with its values, its yearly settings and its judged series."""

    indicator: Indicator
    values: list[IndicatorValue]
    years: list[IndicatorYear]
    series: list[Judged]

    @property
    def latest(self) -> Judged | None:
        """The latest year with an approved value (the dashboard's light)."""
        judged = [j for j in self.series if j.value is not None and j.status == "approved"]
        return judged[-1] if judged else None


def indicators(plan_code: str | None = None, indicator_id: int | None = None) -> list[Indicator]:
    query = select(Indicator).options(selectinload(Indicator.owner), selectinload(Indicator.contributors))
    if plan_code:
        query = query.where(Indicator.plan_code == plan_code)
    if indicator_id is not None:
        query = query.where(Indicator.id == indicator_id)
    return list(db.session.scalars(query.order_by(Indicator.plan_code, Indicator.number, Indicator.id)))


def register_rows(
    plan_code: str | None = None, *, indicator_id: int | None = None, approved_only: bool = False
) -> list[Row]:
    """Every indicator (of one plan) with its values; `approved_only` judges only the values the office passed."""
    found = indicators(plan_code, indicator_id)
    ids = [i.id for i in found]
    values: dict[int, list[IndicatorValue]] = {i: [] for i in ids}
    years: dict[int, list[IndicatorYear]] = {i: [] for i in ids}
    if ids:
        for v in db.session.scalars(
            select(IndicatorValue)
            .where(IndicatorValue.indicator_id.in_(ids))
            .order_by(IndicatorValue.year, IndicatorValue.quarter)
        ):
            values[v.indicator_id].append(v)
        for y in db.session.scalars(select(IndicatorYear).where(IndicatorYear.indicator_id.in_(ids))):
            years[y.indicator_id].append(y)
    rows = []
    for ind in found:
        judged = [v for v in values[ind.id] if v.status == "approved"] if approved_only else values[ind.id]
        rows.append(Row(ind, values[ind.id], years[ind.id], judged_series(ind, judged, years[ind.id])))
    return rows


def get_indicator_or_404(indicator_id: int) -> Indicator:
    return db.session.get(Indicator, indicator_id) or abort(404)


def get_row_or_404(indicator_id: int) -> Row:
    rows = register_rows(indicator_id=indicator_id)
    return rows[0] if rows else abort(404)


def history(indicator: Indicator, values: list[IndicatorValue]) -> list[AuditEvent]:
    """The audit events of the indicator and of its values, newest first."""
    value_ids = [str(v.id) for v in values]
    query = select(AuditEvent).where(
        or_(
            (AuditEvent.object_type == "indicator") & (AuditEvent.object_id == str(indicator.id)),
            (AuditEvent.object_type == "indicator_value") & AuditEvent.object_id.in_(value_ids),
        )
    )
    return list(db.session.scalars(query.order_by(AuditEvent.id.desc()).limit(50)))


def get_value_or_404(value_id: int) -> IndicatorValue:
    return db.session.get(IndicatorValue, value_id) or abort(404)


def by_category(rows: list[Row]) -> dict[str, list[Row]]:
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.indicator.category, []).append(row)
    return groups
