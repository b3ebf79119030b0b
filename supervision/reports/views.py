"""Report and contribution actions (all POST; the milestone page shows the forms)."""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from supervision.actions import attempt, back_to_milestone
from supervision.milestones.services import get_milestone_or_404
from supervision.permissions import require_role
from supervision.reports.forms import ContributionForm, ReportForm
from supervision.reports.services import save_contribution, save_report, submit_report

bp = Blueprint("reports", __name__)


@bp.route("/milestones/<int:milestone_id>/report", methods=["POST"])
@require_role("liaison")
def save(milestone_id: int):
    milestone = get_milestone_or_404(milestone_id)
    form = ReportForm()
    if form.validate_or_flash():

        def action():
            report = save_report(milestone, form.report_data(), expected_version=form.version.data, actor=current_user)
            if form.submitting:
                submit_report(report, expected_version=report.version, actor=current_user)

        attempt(action, "已报送。" if form.submitting else "草稿已保存。")
    return back_to_milestone(milestone.id)


@bp.route("/milestones/<int:milestone_id>/contribution", methods=["POST"])
@require_role("liaison")
def contribution(milestone_id: int):
    milestone = get_milestone_or_404(milestone_id)
    form = ContributionForm()
    if form.validate_or_flash():
        attempt(
            lambda: save_contribution(
                milestone,
                form.text.data,
                submit=form.submitting,
                expected_version=form.version.data,
                actor=current_user,
            ),
            "配合情况已提交。" if form.submitting else "配合情况已保存。",
        )
    return back_to_milestone(milestone.id)
