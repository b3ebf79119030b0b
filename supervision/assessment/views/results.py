"""Pages of 年度考核: the year's results, one department's computation, computing, publishing, checking."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from supervision.actions import attempt
from supervision.assessment.access import READERS, reads_all, require_result_access
from supervision.assessment.forms import ReasonForm
from supervision.assessment.models import Assessment
from supervision.assessment.output.scorecards import assessments_of
from supervision.assessment.publishing.services import publish_year
from supervision.assessment.scheme.constants import KIND_LABELS
from supervision.assessment.scoring.services import compute_year, round_for
from supervision.assessment.views import bp
from supervision.clock import selected_year, today
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.milestones.lights import LIGHT_LABELS
from supervision.permissions import require_role


def back(year: int):
    return redirect(url_for("assessment.index", year=year), code=303)


@bp.route("/")
@require_role(*READERS)
def index():
    year = selected_year(-1)
    round_ = round_for(year)
    if not reads_all(current_user):
        own = db.session.scalar(
            select(Assessment).where(Assessment.year == year, Assessment.department_id == current_user.department_id)
        )
        visible = own if own is not None and own.rated and round_ is not None and round_.published else None
        return render_template("assessment/own.html", year=year, round=round_, assessment=visible)
    assessments = assessments_of(year)
    kinds = round_.inputs["scheme"]["kinds"] if round_ else []
    groups = [
        (
            KIND_LABELS.get(kind, kind),
            sorted((a for a in assessments if a.kind == kind and a.rated), key=lambda a: (a.rank, a.department.name)),
        )
        for kind in kinds
    ]
    unrated_tasks = sorted({t for a in assessments for t in a.detail.get("unrated_tasks", [])})
    warnings = sorted({w for a in assessments for w in a.detail.get("warnings", []) if "质量等次" not in w})
    return render_template(
        "assessment/index.html",
        year=year,
        round=round_,
        groups=groups,
        unrated=[a for a in assessments if not a.rated],
        unrated_tasks=unrated_tasks,
        warnings=warnings,
        component_labels=[c["label"] for c in round_.inputs["scheme"]["components"].values()] if round_ else [],
        form=ReasonForm(),
    )


@bp.route("/<int:year>/compute", methods=["POST"])
@require_role("office")
def compute(year: int):
    form = ReasonForm()
    attempt(
        lambda: compute_year(year, today(), actor=current_user, reason=form.reason.data),
        lambda r: f"已计算 {year} 年度考核结果（第 {r.revision} 版）。",
    )
    return back(year)


@bp.route("/<int:year>/publish", methods=["POST"])
@require_role("office")
def publish(year: int):
    attempt(lambda: publish_year(year, today(), actor=current_user), f"{year} 年度考核结果已发布并锁定。")
    return back(year)


@bp.route("/<int:year>/verify")
@require_role("office", "leader")
def verify(year: int):
    from supervision.assessment.publishing.verify import verify_year

    try:
        result = verify_year(year)
    except DomainError:
        abort(404)
    return render_template("assessment/verify.html", year=year, round=round_for(year), result=result)


@bp.route("/<int:year>/departments/<int:department_id>")
@require_role(*READERS)
def department(year: int, department_id: int):
    """How each component of the department's score was computed, down to the milestones behind it."""
    round_ = round_for(year)
    require_result_access(current_user, department_id, round_)
    assessment = db.session.scalar(
        select(Assessment).where(Assessment.year == year, Assessment.department_id == department_id)
    )
    if assessment is None or round_ is None:
        abort(404)
    return render_template(
        "assessment/department.html",
        year=year,
        round=round_,
        a=assessment,
        d=assessment.detail,
        labels=LIGHT_LABELS,
        kind_label=KIND_LABELS.get(assessment.kind, assessment.kind),
    )
