"""Report and contribution actions (all POST; the milestone page shows the forms)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from supervision.actions import attempt, back_to_milestone
from supervision.milestones.services import get_milestone_or_404
from supervision.permissions import require_lead_liaison, require_role
from supervision.reports.forms import ContributionForm, ReportForm, SubmitForm
from supervision.reports.services import contributions_for, report_for, save_contribution, save_report, submit_report

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

        if form.confirming:
            if attempt(action, "草稿已保存，请核对以下内容后确认报送。"):
                return redirect(url_for("reports.confirm", milestone_id=milestone.id), code=303)
            return back_to_milestone(milestone.id)
        attempt(action, "已报送。" if form.submitting else "草稿已保存。")
    return back_to_milestone(milestone.id)


@bp.route("/milestones/<int:milestone_id>/report/confirm")
@require_role("liaison")
def confirm(milestone_id: int):
    """What 报送 will send: the saved draft and the contributions taken into it."""
    milestone = get_milestone_or_404(milestone_id)
    require_lead_liaison(current_user, milestone.task)
    report = report_for(milestone)
    if report is None or not report.editable:
        flash("没有待报送的报告草稿。", "warning")
        return back_to_milestone(milestone.id)
    included = [c for c in contributions_for(milestone) if c.included_in_report]
    return render_template(
        "reports/confirm.html", milestone=milestone, task=milestone.task, report=report, included=included
    )


@bp.route("/milestones/<int:milestone_id>/report/submit", methods=["POST"])
@require_role("liaison")
def submit(milestone_id: int):
    """确认报送 on the confirmation page: submit the draft it showed (refused if it changed since)."""
    milestone = get_milestone_or_404(milestone_id)
    form = SubmitForm()
    report = report_for(milestone)
    if form.validate_or_flash():
        if report is None:
            flash("没有待报送的报告草稿。", "warning")
        else:
            attempt(lambda: submit_report(report, expected_version=form.version.data, actor=current_user), "已报送。")
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
