"""Pages of 年度考核: the year's results, one department's computation, computing, publishing, checking."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from supervision.actions import attempt
from supervision.assessment.access import READERS, own_result_shown, reads_all, require_result_access
from supervision.assessment.forms import ReasonForm
from supervision.assessment.output.overview import component_labels, kind_groups, overview_warnings, unrated_tasks
from supervision.assessment.output.scorecards import assessments_of
from supervision.assessment.publishing.services import publish_year
from supervision.assessment.publishing.verify import verify_year
from supervision.assessment.scheme.constants import KIND_LABELS
from supervision.assessment.scoring.services import assessment_for, compute_year, round_for
from supervision.assessment.views import bp
from supervision.clock import selected_year, today
from supervision.errors import DomainError
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
        own = own_result_shown(assessment_for(year, current_user.department_id), round_)
        return render_template("assessment/own.html", year=year, round=round_, assessment=own)
    assessments = assessments_of(year)
    return render_template(
        "assessment/index.html",
        year=year,
        round=round_,
        groups=kind_groups(assessments, round_),
        unrated=[a for a in assessments if not a.rated],
        unrated_tasks=unrated_tasks(assessments),
        warnings=overview_warnings(assessments),
        component_labels=component_labels(round_),
        kind_labels=KIND_LABELS,
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
    assessment = assessment_for(year, department_id)
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
