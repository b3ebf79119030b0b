"""Indicators through the API: the register with its yearly values, and the owner's value entry.

Every token reads the approved values; a department token also reads every value of the indicators its
departments own (drafts, submitted and returned ones), never another owner's unapproved value. A write
token of the owner enters (and submits) a value through the web's services (supervision/indicators/entries.py).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import selectinload

from supervision.api.models import ApiToken
from supervision.api.queries import department_id, page
from supervision.api.services import token_actor
from supervision.errors import Conflict, DomainError, NotFound, PermissionDenied
from supervision.extensions import db
from supervision.indicators.entries import enter_value, find_value, judged_series, submit_value
from supervision.indicators.models import Indicator, IndicatorValue, IndicatorYear, ValueStatus

STALE_VALUE = "该年数值已被他人修改，您的修改未保存。请重新读取后再提交。"


def _visible(token: ApiToken) -> ColumnElement[bool]:
    """Values the token reads: approved ones, and any value of an indicator its departments own."""
    approved = IndicatorValue.status == ValueStatus.approved.value
    if not token.department_ids:
        return approved
    owned = select(Indicator.id).where(Indicator.owner_id.in_(token.department_ids))
    return or_(approved, IndicatorValue.indicator_id.in_(owned))


def _rows(token: ApiToken, found: list[Indicator]) -> list[dict]:
    """The indicators with their visible yearly values judged (two queries for the whole page)."""
    ids = [ind.id for ind in found]
    values: dict[int, list[IndicatorValue]] = {i: [] for i in ids}
    years: dict[int, list[IndicatorYear]] = {i: [] for i in ids}
    if ids:
        statement = select(IndicatorValue).where(
            IndicatorValue.indicator_id.in_(ids), IndicatorValue.quarter == 0, _visible(token)
        )
        for value in db.session.scalars(statement.order_by(IndicatorValue.year)):
            values[value.indicator_id].append(value)
        for year in db.session.scalars(select(IndicatorYear).where(IndicatorYear.indicator_id.in_(ids))):
            years[year.indicator_id].append(year)
    return [_row(ind, values[ind.id], years[ind.id]) for ind in found]


def _row(indicator: Indicator, values: list[IndicatorValue], years: list[IndicatorYear]) -> dict:
    attainment = {j.year: j.attainment for j in judged_series(indicator, values, years)}
    moments = [_aware(v.updated_at) for v in values if v.updated_at is not None]
    return {
        "id": indicator.id,
        "plan_code": indicator.plan_code,
        "number": indicator.number,
        "category": indicator.category,
        "name": indicator.name,
        "unit": indicator.unit,
        "coverage": indicator.coverage,
        "baseline_year": indicator.baseline_year,
        "baseline": indicator.baseline,
        "target_year": indicator.target_year,
        "target": indicator.target,
        "owner": indicator.owner.name if indicator.owner is not None else None,
        "values": [
            {
                "year": v.year,
                "value": v.text,
                "status": v.status,
                "attainment": attainment.get(v.year, "无数据"),
                "updated_at": v.updated_at,
            }
            for v in values
        ],
        "updated_at": max(moments, default=None),
    }


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite drops the zone


def indicators(token: ApiToken, args: dict) -> dict:
    statement = select(Indicator).options(selectinload(Indicator.owner))
    if args.get("plan"):
        statement = statement.where(Indicator.plan_code == args["plan"])
    if args.get("department"):
        statement = statement.where(Indicator.owner_id == department_id(args["department"]))
    if args.get("updated_since") is not None:
        changed = select(IndicatorValue.indicator_id).where(
            IndicatorValue.quarter == 0, IndicatorValue.updated_at > args["updated_since"], _visible(token)
        )
        statement = statement.where(Indicator.id.in_(changed))
    result = page(statement.order_by(Indicator.plan_code, Indicator.number, Indicator.id), args)
    result["items"] = _rows(token, result["items"])
    return result


def indicator_or_404(indicator_id: int) -> Indicator:
    indicator = db.session.get(Indicator, indicator_id)
    if indicator is None:
        raise NotFound("指标不存在。")
    return indicator


def indicator_row(token: ApiToken, indicator: Indicator) -> dict:
    return _rows(token, [indicator])[0]


def save_indicator_value(token: ApiToken, indicator: Indicator, year: int, data: dict) -> dict:
    """The owner's value of `year` entered (and submitted when asked), if the value read is still current;
    returns the entered value as the token now reads it."""
    if indicator.owner is None or indicator.owner_id not in token.department_ids:
        raise PermissionDenied("该令牌不代表本指标的责任部门，不能填报。")
    actor = token_actor(token, indicator.owner)
    existing = find_value(indicator, year)
    current = _aware(existing.updated_at) if existing is not None and existing.updated_at else None
    expected = data.get("updated_at")
    if (existing is None) != (expected is None) or (existing is not None and current != expected):
        raise Conflict(STALE_VALUE)
    try:
        row = enter_value(
            indicator, year, data["value"], source=data["source"], basis_note=data["basis_note"], actor=actor
        )
    except DomainError as error:
        if type(error) is DomainError:  # the value or the year refused: invalid input, not a workflow refusal
            raise DomainError(error.message, status=422) from None
        raise
    if data.get("submit"):
        submit_value(row, actor=actor)
    entered = indicator_row(token, indicator)
    return next(v for v in entered["values"] if v["year"] == year)
