"""Yearly values: the owner enters and submits them, the office reviews them (通过/退回); all audited."""

from __future__ import annotations

from sqlalchemy import select

from supervision.audit.services import record_event
from supervision.db import utcnow
from supervision.errors import Conflict, DomainError, PermissionDenied
from supervision.extensions import db
from supervision.indicators.models import Indicator, IndicatorValue, IndicatorYear, ValueStatus
from supervision.indicators.register import Judged, series
from supervision.indicators.values import InvalidValue, as_value

EDITABLE = (ValueStatus.draft.value, ValueStatus.returned.value)


def can_enter(user, indicator: Indicator) -> bool:
    """The owner's liaison or the office enters an indicator's values."""
    if user.has_role("office"):
        return True
    return user.has_role("liaison") and indicator.owner_id is not None and user.department_id == indicator.owner_id


def _require_enter(actor, indicator: Indicator) -> None:
    if actor is not None and not can_enter(actor, indicator):
        raise PermissionDenied("只有指标的责任部门或领导小组办公室可以填报数值。")


def _event(action: str, value: IndicatorValue, actor, before=None, after=None, detail=None) -> None:
    record_event(
        action, object_type="indicator_value", object_id=value.id, before=before, after=after, detail=detail, user=actor
    )


def find_value(indicator: Indicator, year: int, quarter: int = 0) -> IndicatorValue | None:
    return db.session.scalar(
        select(IndicatorValue).where(
            IndicatorValue.indicator_id == indicator.id, IndicatorValue.year == year, IndicatorValue.quarter == quarter
        )
    )


def enter_value(
    indicator: Indicator,
    year: int,
    text: str,
    *,
    quarter: int = 0,
    source: str = "",
    basis_note: str = "",
    actor,
) -> IndicatorValue:
    """Enter (or correct) a value in the indicator's unit; a qualifier is kept, as in `<0.011`."""
    _require_enter(actor, indicator)
    if not indicator.baseline_year < year <= indicator.target_year:
        raise DomainError(f"年份应在 {indicator.baseline_year + 1} 到 {indicator.target_year} 之间。")
    if quarter not in (0, 1, 2, 3, 4):
        raise DomainError("季度应为 1 到 4（全年不填）。")
    try:
        parsed = as_value((text or "").strip() or None)
    except InvalidValue as error:
        raise DomainError(str(error)) from None
    if parsed is None:
        raise DomainError("请填写数值。")
    row = find_value(indicator, year, quarter)
    if row is not None and row.status not in EDITABLE:
        raise Conflict(f"{year}年的数值已{row.status_label}，不能修改。")
    before = {"value": row.text, "source": row.source} if row else None
    row = row or IndicatorValue(indicator_id=indicator.id, year=year, quarter=quarter)
    row.text, row.number, row.qualifier = parsed.text.strip(), str(parsed.number), parsed.qualifier or None
    row.source, row.basis_note = (source or "").strip()[:200], (basis_note or "").strip()[:500]
    row.status, row.entered_by_id = ValueStatus.draft.value, getattr(actor, "id", None)
    db.session.add(row)
    db.session.flush()
    _event("indicator_value.enter", row, actor, before, {"year": year, "quarter": quarter, "value": row.text})
    return row


def submit_value(row: IndicatorValue, *, actor) -> None:
    """The owner submits a draft or returned value to the office."""
    _require_enter(actor, row.indicator)
    if row.status not in EDITABLE:
        raise Conflict(f"该数值已{row.status_label}，不能重复提交。")
    row.status = ValueStatus.submitted.value
    db.session.flush()
    _event("indicator_value.submit", row, actor, after={"year": row.year, "value": row.text})


def review_value(row: IndicatorValue, decision: str, comment: str, *, actor) -> None:
    """The office approves (通过) or returns (退回, with a comment) a submitted value."""
    if actor is not None and not actor.has_role("office"):
        raise PermissionDenied("只有领导小组办公室可以审核指标数值。")
    if decision not in ("approve", "return"):
        raise DomainError("请选择通过或退回。")
    comment = (comment or "").strip()[:500]
    if decision == "return" and not comment:
        raise DomainError("退回时必须填写意见。")
    if row.status != ValueStatus.submitted.value:
        raise Conflict("只能审核已提交的数值。")
    row.status = ValueStatus.approved.value if decision == "approve" else ValueStatus.returned.value
    row.comment, row.reviewer_id, row.reviewed_at = comment, getattr(actor, "id", None), utcnow()
    db.session.flush()
    _event(f"indicator_value.{decision}", row, actor, after={"year": row.year, "value": row.text}, detail=comment)


def judged_series(indicator: Indicator, rows: list[IndicatorValue], years: list[IndicatorYear]) -> list[Judged]:
    """Each year's attainment and trend, from the yearly values (approved ones count; others are shown as such)."""
    annual = {r.year: (r.text, r.status) for r in rows if r.quarter == 0}
    province = {y.year: y.province_target for y in years if y.province_target}
    return series(indicator, annual, province)


def approved_only(rows: list[IndicatorValue]) -> list[IndicatorValue]:
    return [r for r in rows if r.status == ValueStatus.approved.value]
