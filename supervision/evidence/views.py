"""Evidence upload, download, withdrawal and the office's verdict."""

from __future__ import annotations

from flask import Blueprint, abort, flash, request, send_file
from flask_login import current_user

from supervision.actions import attempt, back_to_milestone
from supervision.audit.services import record_event
from supervision.db import begin_write
from supervision.errors import PermissionDenied
from supervision.evidence.models import Evidence
from supervision.evidence.services import judge_evidence, storage, upload_evidence, withdraw_evidence
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.permissions import BUSINESS_READERS, can_see_files, require_role

bp = Blueprint("evidence", __name__)

MIMETYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
}


@bp.route("/milestones/<int:milestone_id>/evidence", methods=["POST"])
@require_role("liaison")
def upload(milestone_id: int):
    milestone = db.get_or_404(Milestone, milestone_id)
    file = request.files.get("file")
    if file is None or not file.filename:
        flash("请选择要上传的文件。", "danger")
        return back_to_milestone(milestone.id)
    attempt(
        lambda: upload_evidence(milestone, file.stream, file.filename, actor=current_user),
        lambda evidence: f"已上传“{evidence.filename}”。",
    )
    return back_to_milestone(milestone.id)


@bp.route("/evidence/<int:evidence_id>/download")
@require_role(*BUSINESS_READERS)
def download(evidence_id: int):
    evidence = db.get_or_404(Evidence, evidence_id)
    if not can_see_files(current_user, evidence.milestone.task):
        raise PermissionDenied("只有本任务的牵头、配合部门和办公室可以下载佐证材料。")
    try:
        path = storage().path_for(evidence.sha256)
    except FileNotFoundError:
        abort(404)
    begin_write(db.session)
    record_event("evidence.download", object_type="evidence", object_id=evidence_id)
    db.session.commit()
    response = send_file(
        path,
        as_attachment=True,
        download_name=evidence.filename,
        mimetype=MIMETYPES.get(evidence.kind, "application/octet-stream"),
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox"
    return response


@bp.route("/evidence/<int:evidence_id>/withdraw", methods=["POST"])
@require_role("liaison")
def withdraw(evidence_id: int):
    evidence = db.get_or_404(Evidence, evidence_id)
    attempt(lambda: withdraw_evidence(evidence, actor=current_user), "文件已撤回（保留记录备查）。")
    return back_to_milestone(evidence.milestone_id)


@bp.route("/evidence/<int:evidence_id>/verdict", methods=["POST"])
@require_role("office")
def verdict(evidence_id: int):
    evidence = db.get_or_404(Evidence, evidence_id)
    verdict_value, reason = request.form.get("verdict", ""), request.form.get("reason", "")
    attempt(lambda: judge_evidence(evidence, verdict_value, reason, actor=current_user), "认定结果已保存。")
    return back_to_milestone(evidence.milestone_id)
