"""The office's manual inputs: quality ratings per task, indicator results, bonus/deduction/grade-cap lines."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from supervision.actions import attempt
from supervision.assessment.forms import IndicatorForm, ReasonForm
from supervision.assessment.models import IndicatorResult
from supervision.assessment.scoring.inputs import indicator_results, quality_ratings
from supervision.assessment.scoring.manual import rate_quality, remove_indicator_result, set_indicator_result
from supervision.assessment.scoring.scope import (
    all_indicators,
    assessed_departments,
    department_or_404,
    indicator_label,
    indicator_or_404,
    quality_rated_tasks,
)
from supervision.assessment.scoring.services import current_config, round_for
from supervision.assessment.views import bp
from supervision.extensions import db
from supervision.permissions import require_role


@bp.route("/<int:year>/quality", methods=["GET", "POST"])
@require_role("office")
def quality(year: int):
    tasks = quality_rated_tasks(year)
    if request.method == "POST":
        ratings = [
            (t, request.form.get(f"grade_{t.id}", ""), request.form.get(f"note_{t.id}", ""))
            for t in tasks
            if request.form.get(f"grade_{t.id}")
        ]
        attempt(
            lambda: rate_quality(year, ratings, actor=current_user, reason=request.form.get("reason")),
            lambda n: f"已保存 {n} 项任务的质量等次。",
        )
        return redirect(url_for(".quality", year=year), code=303)
    ratings = {r.task_id: r for r in quality_ratings(year)}
    return render_template(
        "assessment/quality.html", year=year, tasks=tasks, ratings=ratings, round=round_for(year), form=ReasonForm()
    )


@bp.route("/<int:year>/indicators", methods=["GET", "POST"])
@require_role("office")
def indicators(year: int):
    config = current_config(year)
    form = IndicatorForm()
    form.department_id.choices = [(d.id, d.name) for d in assessed_departments(config["kinds"])]
    form.indicator_id.choices = [(i.id, indicator_label(i)) for i in all_indicators()]
    if form.validate_on_submit():
        attempt(
            lambda: set_indicator_result(
                year,
                department_or_404(form.department_id.data),
                indicator_or_404(form.indicator_id.data),
                form.outcome.data,
                form.value.data,
                form.note.data,
                actor=current_user,
                reason=form.change_reason.data,
            ),
            "已保存指标完成情况。",
        )
        return redirect(url_for(".indicators", year=year), code=303)
    rows = sorted(indicator_results(year), key=lambda r: (r.department_id, r.id))
    return render_template(
        "assessment/indicators.html", year=year, form=form, rows=rows, round=round_for(year), reason_form=ReasonForm()
    )


@bp.route("/<int:year>/indicators/<int:row_id>/delete", methods=["POST"])
@require_role("office")
def indicator_delete(year: int, row_id: int):
    row = db.get_or_404(IndicatorResult, row_id)
    attempt(lambda: remove_indicator_result(row, actor=current_user, reason=request.form.get("reason")), "已删除。")
    return redirect(url_for(".indicators", year=year), code=303)
