"""The office's manual inputs: quality ratings, indicator results, bonus/deduction/grade-cap lines."""

from __future__ import annotations

from sqlalchemy import select

from supervision.accounts.models import Department
from supervision.assessment.models import (
    ADJUSTMENT_KINDS,
    INDICATOR_OUTCOMES,
    QUALITY_GRADES,
    Adjustment,
    IndicatorResult,
    QualityRating,
)
from supervision.assessment.scoring.services import require_reason, rescore_manual, round_for, scheme_for
from supervision.audit.services import record_event
from supervision.errors import DomainError, PermissionDenied
from supervision.extensions import db
from supervision.indicators.models import Indicator
from supervision.tasks.models import Task


def _office(actor) -> None:
    if actor is not None and not actor.has_role("office"):
        raise PermissionDenied("只有领导小组办公室可以录入考核数据。")


def _event(action: str, year: int, actor, reason, before=None, after=None) -> None:
    record_event(
        action, object_type="assessment_year", object_id=year, user=actor, before=before, after=after, detail=reason
    )
    db.session.flush()
    rescore_manual(year, actor=actor, reason=reason)


def rate_quality(year: int, ratings: list[tuple[Task, str, str]], *, actor, reason: str | None = None) -> int:
    """The office's A/B/C/D ratings of tasks' work in the year (task, grade, note); returns how many changed."""
    _office(actor)
    reason = require_reason(round_for(year), reason)
    existing = {r.task_id: r for r in db.session.scalars(select(QualityRating).where(QualityRating.year == year))}
    before, after = {}, {}
    for task, grade, note in ratings:
        if grade not in QUALITY_GRADES:
            raise DomainError("质量等次应为 A、B、C、D 之一。")
        note = (note or "").strip()[:500]
        row = existing.get(task.id)
        if row is not None and (row.grade, row.note) == (grade, note):
            continue
        label = f"{task.kind_label} {task.number} {task.name}"
        if row is not None:
            before[label] = {"grade": row.grade, "note": row.note}
        row = row or QualityRating(year=year, task_id=task.id)
        row.grade, row.note = grade, note
        db.session.add(row)
        after[label] = {"grade": grade, "note": note}
    if after:
        _event("assessment.quality_rate", year, actor, reason, before or None, after)
    return len(after)


def set_indicator_result(
    year: int,
    department: Department | None,
    indicator: Indicator,
    outcome: str,
    value: str,
    note: str,
    *,
    actor,
    reason: str | None = None,
) -> IndicatorResult:
    """The office overrides the computed outcome of an owned indicator in a year; `note` is the required reason.

    `department` defaults to the indicator's owner and must be it (the indicators register assigns owners)."""
    _office(actor)
    reason = require_reason(round_for(year), reason)
    if outcome not in INDICATOR_OUTCOMES:
        raise DomainError("请选择调整后的指标完成情况。")
    if indicator.owner_id is None:
        raise DomainError(f"指标“{indicator.label}”尚未指定责任部门，请先在主要指标页指定。")
    if department is not None and department.id != indicator.owner_id:
        raise DomainError(f"指标“{indicator.label}”的责任部门是{indicator.owner.name}，不是{department.name}。")
    note = (note or "").strip()[:500]
    if not note:
        raise DomainError("调整指标完成情况必须填写理由。")
    row = db.session.scalar(
        select(IndicatorResult).where(IndicatorResult.year == year, IndicatorResult.indicator_id == indicator.id)
    )
    before = {"outcome": row.outcome, "reason": row.note} if row else None
    row = row or IndicatorResult(year=year, indicator_id=indicator.id)
    row.department_id, row.outcome, row.value, row.note = indicator.owner_id, outcome, (value or "").strip()[:100], note
    db.session.add(row)
    db.session.flush()
    _event(
        "assessment.indicator_set",
        year,
        actor,
        reason,
        before,
        {"department": indicator.owner.name, "indicator": indicator.label, "outcome": outcome, "reason": note},
    )
    return row


def remove_indicator_result(row: IndicatorResult, *, actor, reason: str | None = None) -> None:
    """Withdraw an override: the computed outcome counts again."""
    _office(actor)
    reason = require_reason(round_for(row.year), reason)
    before = {"department": row.department.name, "indicator": row.indicator.label, "outcome": row.outcome}
    db.session.delete(row)
    _event("assessment.indicator_remove", row.year, actor, reason, before)


def add_adjustment(
    year: int,
    department: Department,
    kind: str,
    item: str,
    *,
    level: str | None,
    count: int,
    reason: str,
    document: str,
    actor,
    change_reason: str | None = None,
) -> Adjustment:
    """A bonus, deduction or grade-cap line; the scheme must list the item as manual; a reason is required."""
    _office(actor)
    change_reason = require_reason(round_for(year), change_reason)
    config = scheme_for(year, actor=actor).config
    items = {
        "bonus": config["bonus"]["items"],
        "deduction": config["deductions"]["items"],
        "grade_cap": config["grades"]["caps"],
    }.get(kind)
    if items is None:
        raise DomainError("类型应为加分、扣分或等次限制。")
    if item not in items or not items[item]["manual"]:
        raise DomainError(f"评分细则中没有可人工录入的{ADJUSTMENT_KINDS[kind]}事项“{item}”。")
    points = items[item].get("points")
    if isinstance(points, dict) and level not in points:
        raise DomainError(f"请选择“{items[item]['label']}”的级别。")
    if not isinstance(points, dict):
        level = None
    if not (reason or "").strip():
        raise DomainError(f"{ADJUSTMENT_KINDS[kind]}必须填写事由。")
    if not isinstance(count, int) or not 1 <= count <= 100:
        raise DomainError("次数应为 1 到 100 之间的整数。")
    line = Adjustment(
        year=year,
        department_id=department.id,
        kind=kind,
        item=item,
        level=level,
        count=1 if kind == "grade_cap" else count,
        reason=reason.strip()[:500],
        document=(document or "").strip()[:200],
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(line)
    db.session.flush()
    _event(
        "assessment.adjustment_add",
        year,
        actor,
        change_reason,
        None,
        {
            "department": department.name,
            "kind": kind,
            "item": item,
            "level": level,
            "count": line.count,
            "reason": line.reason,
            "document": line.document,
        },
    )
    return line


def remove_adjustment(line: Adjustment, *, actor, change_reason: str | None = None) -> None:
    _office(actor)
    change_reason = require_reason(round_for(line.year), change_reason)
    before = {"department": line.department.name, "kind": line.kind, "item": line.item, "reason": line.reason}
    db.session.delete(line)
    _event("assessment.adjustment_remove", line.year, actor, change_reason, before)
