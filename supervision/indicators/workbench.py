"""A department's indicators for its workbench: those it owns or contributes to, with a year's value and
attainment, in three queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from supervision.extensions import db
from supervision.indicators.models import (
    VALUE_STATUS_LABELS,
    Indicator,
    IndicatorValue,
    IndicatorYear,
    ValueStatus,
    indicator_contributors,
)
from supervision.indicators.register import LIGHTS, judge_value


@dataclass(frozen=True)
class DepartmentIndicator:
    indicator: Indicator
    role: str  # 责任 / 配合
    year: int  # the workbench's year, or the target year when the indicator ends before it
    value: IndicatorValue | None
    attainment: str  # of the approved value; 无数据 until the office passed one
    due_date: object | None

    @property
    def state(self) -> str:
        return VALUE_STATUS_LABELS[self.value.status] if self.value else "未填报"

    @property
    def light(self) -> str:
        return LIGHTS[self.attainment]


def department_indicators(department_id: int | None, year: int) -> list[DepartmentIndicator]:
    """The indicators `department_id` owns or contributes to, with the whole-year value of `year` (of the target
    year for an indicator that ends before `year`)."""
    if department_id is None:
        return []
    contributing = select(indicator_contributors.c.indicator_id).where(
        indicator_contributors.c.department_id == department_id
    )
    found = list(
        db.session.scalars(
            select(Indicator)
            .where(or_(Indicator.owner_id == department_id, Indicator.id.in_(contributing)))
            .where(Indicator.baseline_year < year)
            .order_by(Indicator.plan_code, Indicator.number, Indicator.id)
        )
    )
    if not found:
        return []
    ids, wanted = [i.id for i in found], {i.id: min(year, i.target_year) for i in found}
    in_years = set(wanted.values())
    values = {
        v.indicator_id: v
        for v in db.session.scalars(
            select(IndicatorValue).where(
                IndicatorValue.indicator_id.in_(ids), IndicatorValue.year.in_(in_years), IndicatorValue.quarter == 0
            )
        )
        if v.year == wanted[v.indicator_id]
    }
    years = {
        y.indicator_id: y
        for y in db.session.scalars(
            select(IndicatorYear).where(IndicatorYear.indicator_id.in_(ids), IndicatorYear.year.in_(in_years))
        )
        if y.year == wanted[y.indicator_id]
    }
    rows = []
    for ind in found:
        value, settings = values.get(ind.id), years.get(ind.id)
        approved = value is not None and value.status == ValueStatus.approved.value
        province = settings.province_target if settings else None
        attainment = judge_value(ind, wanted[ind.id], value.text, province) if approved else "无数据"
        role = "责任" if ind.owner_id == department_id else "配合"
        due = settings.due_date if settings else None
        rows.append(DepartmentIndicator(ind, role, wanted[ind.id], value, attainment, due))
    return rows
