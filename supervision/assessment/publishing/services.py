"""Publishing a year's results (locking them) and replacing its scheme; both are audited."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from supervision.assessment.models import Assessment, AssessmentRound, AssessmentScheme
from supervision.assessment.publishing.final import refuse_if_final
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
from supervision.calendar.store import work_calendar
from supervision.clock import local_date
from supervision.db import utcnow
from supervision.errors import Conflict, DomainError
from supervision.extensions import db
from supervision.hooks import run_hooks

PUBLISH_HOOK = "assessment.published"  # hooks called with (year, round) after publication, in its transaction


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
    refuse_if_final(round_)
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
    run_hooks(PUBLISH_HOOK, year, round_)
    return round_


def objection_deadline(round_: AssessmentRound) -> date | None:
    """The last day a department may object (复核): the scheme's working days after the publication day."""
    if not round_.published or round_.published_at is None:
        return None
    days = round_.inputs["scheme"]["calendar"].get("objection_window_working_days", 0)
    return work_calendar().add_working_days(local_date(round_.published_at), days)


def set_publicity(round_: AssessmentRound, start: date, end: date, *, actor) -> None:
    """Show the published results to every department from `start` to `end` (公示) before they are final."""
    if not round_.published or round_.final:
        raise DomainError("只有已发布、尚未终审的考核结果可以公示。")
    if end < start:
        raise DomainError("公示结束日期不能早于开始日期。")
    before = {"from": str(round_.publicity_from or ""), "to": str(round_.publicity_to or "")}
    round_.publicity_from, round_.publicity_to = start, end
    db.session.flush()
    record_event(
        "assessment.publicity",
        object_type="assessment_year",
        object_id=round_.year,
        user=actor,
        before=before,
        after={"from": start.isoformat(), "to": end.isoformat()},
    )


def finalize_year(round_: AssessmentRound, today: date, *, actor=None) -> None:
    """终审: the window (and any 公示) is over; the results are final and no objection can be filed."""
    deadline = objection_deadline(round_)
    if round_.final or deadline is None or today <= deadline:
        raise DomainError("复核期尚未结束，考核结果不能终审。")
    if round_.publicity_to is not None and today <= round_.publicity_to:
        raise DomainError("公示期尚未结束，考核结果不能终审。")
    round_.status, round_.final_at = "final", utcnow()
    db.session.flush()
    record_event(
        "assessment.finalize",
        object_type="assessment_year",
        object_id=round_.year,
        user=actor,
        after={"revision": round_.revision, "deadline": deadline.isoformat(), "inputs_sha256": round_.inputs_sha256},
    )


def _rated(year: int) -> list[Assessment]:
    return list(db.session.scalars(select(Assessment).where(Assessment.year == year, Assessment.rated)))
