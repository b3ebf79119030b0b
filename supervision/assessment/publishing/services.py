"""Publishing a year's results (locking them) and replacing its scheme; both are audited."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from supervision.assessment.models import Assessment, AssessmentRound, AssessmentScheme
from supervision.assessment.scheme.document import parse_scheme
from supervision.assessment.scoring.inputs import collect_data, collect_manual, digest
from supervision.assessment.scoring.services import (
    apply_inputs,
    collect_inputs,
    cut_off,
    require_reason,
    round_for,
    scheme_for,
)
from supervision.audit.services import record_event
from supervision.db import utcnow
from supervision.errors import Conflict, DomainError
from supervision.extensions import db


def save_scheme(year: int, raw: dict, *, actor, reason: str | None = None) -> AssessmentScheme:
    """Replace the year's scheme (validated); the scores follow at once."""
    config = parse_scheme(raw)
    scheme = scheme_for(year, actor=actor)
    round_ = round_for(year)
    reason = require_reason(round_, reason)
    if round_ is not None and round_.published and config["kinds"] != scheme.config["kinds"]:
        raise DomainError("考核结果发布后不能更改参评部门类型。")
    before = scheme.config
    scheme.config = config
    db.session.flush()
    record_event(
        "assessment.scheme_save",
        object_type="assessment_year",
        object_id=year,
        user=actor,
        before=before,
        after=config,
        detail=reason,
    )
    if round_ is not None:
        inputs = dict(round_.inputs, scheme=config, manual=collect_manual(year))
        if config["kinds"] != before["kinds"]:
            inputs["data"] = collect_data(year, round_.as_of, config["kinds"])
        action = "assessment.revise" if round_.published else "assessment.rescore"
        apply_inputs(year, inputs, actor=actor, action=action, reason=reason)
    return scheme


def publish_year(year: int, today: date, *, actor) -> AssessmentRound:
    """Publish (lock) the draft; refused before the cut-off, with unrated tasks, or when the data moved on."""
    round_ = round_for(year)
    if round_ is None:
        raise DomainError("请先计算考核结果。")
    if round_.published:
        raise DomainError("考核结果已发布。")
    config = round_.inputs["scheme"]
    if today < cut_off(year, config) or round_.as_of < cut_off(year, config):
        raise DomainError(f"考核数据截止日为 {cut_off(year, config).isoformat()}，截止后重新计算才能发布。")
    unrated = sorted({t for a in _rated(year) for t in a.detail.get("unrated_tasks", [])})
    if unrated:
        raise DomainError(
            f"以下牵头任务尚未评定质量等次，不能发布：{'、'.join(unrated[:5])}" + ("等" if len(unrated) > 5 else "")
        )
    fresh = collect_inputs(year, round_.as_of, config)
    if digest(fresh) != round_.inputs_sha256:
        raise Conflict("上次计算后数据或人工录入有变化，请重新计算并核对结果后再发布。")
    round_.status, round_.published_at = "published", utcnow()
    round_.published_by_id = getattr(actor, "id", None)
    db.session.flush()
    record_event(
        "assessment.publish",
        object_type="assessment_year",
        object_id=year,
        user=actor,
        after={"revision": round_.revision, "inputs_sha256": round_.inputs_sha256},
    )
    return round_


def _rated(year: int) -> list[Assessment]:
    return list(db.session.scalars(select(Assessment).where(Assessment.year == year, Assessment.rated)))
