"""The yearly assessment: computing scores with the inputs behind them; after publishing, only with a reason."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from supervision import clock
from supervision.accounts.models import Department
from supervision.assessment.models import Assessment, AssessmentRound, AssessmentScheme
from supervision.assessment.publishing.final import refuse_if_final
from supervision.assessment.scheme.document import day_in, default_scheme
from supervision.assessment.scoring.inputs import collect_data, collect_manual, digest
from supervision.assessment.scoring.totals import score_year
from supervision.audit.services import record_event
from supervision.db import utcnow
from supervision.errors import DomainError
from supervision.extensions import db

# 2: cooperation alone does not make a unit 参评; indicators judged from the register (older frozen inputs score as
# they did when computed, so a published year still verifies).
INPUTS_VERSION = 2
PUBLISHED_NEEDS_REASON = "考核结果已发布，修改须填写理由（将记入操作日志）。"


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise DomainError("年份无效。")


def round_for(year: int) -> AssessmentRound | None:
    return db.session.scalar(select(AssessmentRound).where(AssessmentRound.year == year))


def assessment_for(year: int, department_id: int | None) -> Assessment | None:
    """One department's stored result of the year (rated or not)."""
    return db.session.scalar(
        select(Assessment).where(Assessment.year == year, Assessment.department_id == department_id)
    )


def scheme_for(year: int, *, actor=None) -> AssessmentScheme:
    """The year's scheme; the shipped default is copied in the first time a year is used."""
    _check_year(year)
    scheme = db.session.scalar(select(AssessmentScheme).where(AssessmentScheme.year == year))
    if scheme is None:
        scheme = AssessmentScheme(year=year, config=default_scheme())
        db.session.add(scheme)
        db.session.flush()
        record_event(
            "assessment.scheme_create",
            object_type="assessment_year",
            object_id=year,
            user=actor,
            after={"title": scheme.config["title"]},
            detail="按默认评分细则创建",
        )
    return scheme


def current_config(year: int) -> dict:
    """The year's scheme as stored, else the default (without storing it: for pages that only read)."""
    _check_year(year)
    scheme = db.session.scalar(select(AssessmentScheme).where(AssessmentScheme.year == year))
    return scheme.config if scheme is not None else default_scheme()


def cut_off(year: int, config: dict) -> date:
    return day_in(config["calendar"]["cut_off"], year)


def require_reason(round_: AssessmentRound | None, reason: str | None) -> str | None:
    """After publishing, every change needs a reason; after 终审, none is accepted."""
    refuse_if_final(round_)
    reason = (reason or "").strip() or None
    if round_ is not None and round_.published and not reason:
        raise DomainError(PUBLISHED_NEEDS_REASON)
    return reason


def collect_inputs(year: int, as_of: date, config: dict) -> dict:
    return {
        "version": INPUTS_VERSION,
        "year": year,
        "as_of": as_of.isoformat(),
        "scheme": config,
        "data": collect_data(year, as_of, config["kinds"]),
        "manual": collect_manual(year),
    }


def _totals(year: int) -> dict[str, dict]:
    """The rated departments' totals (only these columns: each row's detail is large)."""
    rows = db.session.execute(
        select(Department.name, Assessment.total, Assessment.rank, Assessment.grade)
        .join(Department, Department.id == Assessment.department_id)
        .where(Assessment.year == year, Assessment.rated)
    )
    return {r.name: {"total": r.total, "rank": r.rank, "grade": r.grade} for r in rows}


def _store(year: int, inputs: dict, results: dict[int, dict]) -> None:
    existing = {a.department_id: a for a in db.session.scalars(select(Assessment).where(Assessment.year == year))}
    for dept_id, result in results.items():
        row = existing.pop(dept_id, None) or Assessment(year=year, department_id=dept_id)
        row.kind, row.rated, row.total = result["kind"], result["rated"], result["total"]
        row.rank, row.rank_of, row.grade, row.detail = result["rank"], result["rank_of"], result["grade"], result
        db.session.add(row)
    for stale in existing.values():  # a department no longer assessed (kind changed, deactivated)
        db.session.delete(stale)


def apply_inputs(year: int, inputs: dict, *, actor, action: str, reason: str | None = None) -> AssessmentRound:
    """Score `inputs`, store the results and the inputs behind them; audited with before/after totals."""
    round_ = round_for(year)
    refuse_if_final(round_)
    before = _totals(year)
    results = score_year(inputs)
    _store(year, inputs, results)
    if round_ is None:
        round_ = AssessmentRound(year=year, status="draft", revision=0)
        db.session.add(round_)
    round_.as_of = date.fromisoformat(inputs["as_of"])
    round_.inputs, round_.inputs_sha256 = inputs, digest(inputs)
    round_.computed_at = utcnow()
    round_.revision = (round_.revision or 0) + 1
    db.session.flush()
    after = _totals(year)
    changed = {
        name: {"before": before.get(name), "after": value} for name, value in after.items() if before.get(name) != value
    }
    record_event(
        action,
        object_type="assessment_year",
        object_id=year,
        user=actor,
        detail=reason,
        after={
            "status": round_.status,
            "revision": round_.revision,
            "inputs_sha256": round_.inputs_sha256,
            "departments": len(results),
            "changed": changed,
        },
    )
    return round_


def compute_year(year: int, today: date, *, actor=None, reason: str | None = None) -> AssessmentRound:
    """Collect the data as of the cut-off (or today, before it) and score every department."""
    config = scheme_for(year, actor=actor).config
    round_ = round_for(year)
    reason = require_reason(round_, reason)
    if today < date(year, 1, 1):
        raise DomainError(f"{year} 年尚未开始，无法计算考核结果。")
    as_of = min(today, cut_off(year, config))
    action = "assessment.revise" if round_ is not None and round_.published else "assessment.compute"
    return apply_inputs(year, collect_inputs(year, as_of, config), actor=actor, action=action, reason=reason)


def compute_assessment(year: int, today: date | None = None, **kwargs) -> AssessmentRound:
    """`compute_year` with today (Asia/Shanghai) as the default date, for scripts and benchmarks."""
    return compute_year(year, today or clock.today(), **kwargs)


def rescore_manual(year: int, *, actor, reason: str | None) -> None:
    """After a manual input changed: rescore the stored data with the office's current inputs."""
    round_ = round_for(year)
    if round_ is None:
        return
    inputs = dict(round_.inputs, manual=collect_manual(year))
    action = "assessment.revise" if round_.published else "assessment.rescore"
    apply_inputs(year, inputs, actor=actor, action=action, reason=reason)
