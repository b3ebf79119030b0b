"""Evidence upload, download, withdrawal and the office's verdict."""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

from supervision.actions import attempt, back_to_milestone
from supervision.db import write_lock
from supervision.evidence.attached import send_stored
from supervision.evidence.forms import UploadForm, VerdictForm, WithdrawForm
from supervision.evidence.services import (
    get_evidence_or_404,
    judge_evidence,
    record_download,
    upload_evidence,
    withdraw_evidence,
)
from supervision.extensions import db
from supervision.milestones.services import get_milestone_or_404
from supervision.permissions import BUSINESS_READERS, require_role
from supervision.reports.forms import ContributionForm, ReportForm
from supervision.reports.services import contribution_changed, save_contribution, save_report

bp = Blueprint("evidence", __name__)


def save_typed_text(milestone) -> None:
    """An upload sent from the report or contribution form saves what was typed first, as a draft."""
    if "progress" in request.form:
        report = ReportForm()
        if report.validate_or_flash():
            attempt(
                lambda: save_report(
                    milestone, report.report_data(), expected_version=report.version.data, actor=current_user
                ),
                "草稿已保存。",
            )
    elif "text" in request.form:
        contribution = ContributionForm()
        if contribution.validate_or_flash() and contribution_changed(milestone, current_user, contribution.text.data):
            attempt(
                lambda: save_contribution(
                    milestone,
                    contribution.text.data,
                    submit=False,
                    expected_version=contribution.version.data,
                    actor=current_user,
                ),
                "配合情况已保存。",
            )


@bp.route("/milestones/<int:milestone_id>/evidence", methods=["POST"])
@require_role("liaison")
def upload(milestone_id: int):
    milestone = get_milestone_or_404(milestone_id)
    save_typed_text(milestone)
    form = UploadForm()
    if form.validate_or_flash():
        file = form.file.data
        attempt(
            lambda: upload_evidence(milestone, file.stream, file.filename, actor=current_user),
            lambda evidence: f"已上传“{evidence.filename}”。",
        )
    return back_to_milestone(milestone.id)


@bp.route("/evidence/<int:evidence_id>/download")
@require_role(*BUSINESS_READERS)
def download(evidence_id: int):
    evidence = get_evidence_or_404(evidence_id)

    def open_source(mimetype: str):
        with write_lock(db.session):  # a GET that writes the audit log: take SQLite's write lock at once
            return record_download(evidence, actor=current_user, mimetype=mimetype)

    return send_stored(open_source, filename=evidence.filename, kind=evidence.kind, size=evidence.size)


@bp.route("/evidence/<int:evidence_id>/withdraw", methods=["POST"])
@require_role("liaison")
def withdraw(evidence_id: int):
    evidence = get_evidence_or_404(evidence_id)
    if WithdrawForm().validate_or_flash():
        attempt(lambda: withdraw_evidence(evidence, actor=current_user), "文件已撤回（保留记录备查）。")
    return back_to_milestone(evidence.milestone_id)


@bp.route("/evidence/<int:evidence_id>/verdict", methods=["POST"])
@require_role("office")
def verdict(evidence_id: int):
    evidence = get_evidence_or_404(evidence_id)
    form = VerdictForm()
    if form.validate_or_flash():
        attempt(
            lambda: judge_evidence(evidence, form.verdict.data, form.reason.data, actor=current_user),
            "认定结果已保存。",
        )
    return back_to_milestone(evidence.milestone_id)
