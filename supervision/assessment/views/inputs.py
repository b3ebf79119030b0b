"""The office's manual inputs: quality ratings per task, indicator results, bonus/deduction/grade-cap lines."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from supervision.actions import attempt
from supervision.assessment.forms import IndicatorForm, ReasonForm
from supervision.assessment.models import IndicatorResult
from supervision.assessment.scoring.indicator_facts import OUTCOME_LABELS, computed_outcome, indicator_facts
from supervision.assessment.scoring.inputs import indicator_results, quality_ratings
from supervision.assessment.scoring.manual import rate_quality, remove_indicator_result, set_indicator_result
from supervision.assessment.scoring.scope import assessed_departments, indicator_or_404, quality_rated_tasks
from supervision.assessment.scoring.services import current_config, cut_off, round_for
from supervision.assessment.views import bp
from supervision.clock import today
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
    """The year's owned indicators with their computed attainment; the office may override one, with a reason."""
    config = current_config(year)
    facts = indicator_facts(year, min(today(), cut_off(year, config)))
    form = IndicatorForm()
    form.indicator_id.choices = [(f["id"], f["name"]) for f in facts]
    if form.validate_on_submit():
        attempt(
            lambda: set_indicator_result(
                year,
                None,
                indicator_or_404(form.indicator_id.data),
                form.outcome.data,
                "",
                form.note.data,
                actor=current_user,
                reason=form.change_reason.data,
            ),
            "已保存指标完成情况的调整。",
        )
        return redirect(url_for(".indicators", year=year), code=303)
    overrides = {r.indicator_id: r for r in indicator_results(year)}
    owners = {d.id: d.name for d in assessed_departments(config["kinds"])}
    rows = [
        {
            **f,
            "owner": owners.get(f["owner_id"], "（不在考核范围）"),
            "computed": computed_outcome(f)[1],
            "override": overrides.pop(f["id"], None),
        }
        for f in facts
    ]
    return render_template(
        "assessment/indicators.html",
        year=year,
        form=form,
        rows=rows,
        stale=list(overrides.values()),
        labels=OUTCOME_LABELS,
        round=round_for(year),
        reason_form=ReasonForm(),
    )


@bp.route("/<int:year>/indicators/<int:row_id>/delete", methods=["POST"])
@require_role("office")
def indicator_delete(year: int, row_id: int):
    row = db.get_or_404(IndicatorResult, row_id)
    attempt(lambda: remove_indicator_result(row, actor=current_user, reason=request.form.get("reason")), "已删除。")
    return redirect(url_for(".indicators", year=year), code=303)
