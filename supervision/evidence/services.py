"""Uploading, withdrawing and judging evidence files."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from flask import current_app
from sqlalchemy import select

from supervision.audit.services import record_event
from supervision.db import utcnow
from supervision.errors import DomainError, PermissionDenied
from supervision.evidence.filetypes import UploadRejected
from supervision.evidence.models import Evidence
from supervision.evidence.storage import EvidenceStorage
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.permissions import can_see_files, require_contributor
from supervision.reports.models import Contribution


def storage() -> EvidenceStorage:
    return EvidenceStorage(Path(current_app.config["UPLOAD_DIR"]), current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024)


def get_evidence_or_404(evidence_id: int) -> Evidence:
    return db.get_or_404(Evidence, evidence_id)


def evidence_for(milestone: Milestone) -> list[Evidence]:
    return list(db.session.scalars(select(Evidence).where(Evidence.milestone_id == milestone.id).order_by(Evidence.id)))


def upload_evidence(milestone: Milestone, stream: BinaryIO, filename: str, *, actor) -> Evidence:
    """Store the file (streamed, size-limited, type-checked) and record it; nothing is kept on failure."""
    role = require_contributor(actor, milestone.task)
    try:
        stored = storage().save(stream, filename)
    except UploadRejected as error:
        raise DomainError(error.message) from None
    contribution_id = None
    if role == "cooperating":
        contribution_id = db.session.scalar(
            select(Contribution.id).where(
                Contribution.milestone_id == milestone.id, Contribution.department_id == actor.department_id
            )
        )
    evidence = Evidence(
        milestone=milestone,
        contribution_id=contribution_id,
        department_id=actor.department_id,
        uploader=actor,
        filename=stored.filename,
        sha256=stored.sha256,
        size=stored.size,
        kind=stored.kind,
    )
    db.session.add(evidence)
    db.session.flush()
    record_event(
        "evidence.upload",
        object_type="evidence",
        object_id=evidence.id,
        after={"filename": stored.filename, "sha256": stored.sha256, "size": stored.size},
        user=actor,
    )
    return evidence


def withdraw_evidence(evidence: Evidence, *, actor) -> None:
    """The uploader withdraws a file before review; the row and the file stay for the audit trail."""
    if evidence.uploader_id != actor.id:
        raise PermissionDenied("只能撤回自己上传的文件。")
    if evidence.withdrawn_at is not None:
        raise DomainError("该文件已撤回。")
    if evidence.verdict is not None:
        raise DomainError("办公室已审核该文件，不能撤回。")
    evidence.withdrawn_at = utcnow()
    db.session.flush()
    record_event("evidence.withdraw", object_type="evidence", object_id=evidence.id, user=actor)


def judge_evidence(evidence: Evidence, verdict: str, reason: str, *, actor) -> None:
    """采信 / 不采信 by the office; a reason is required for 不采信."""
    if not actor.has_role("office"):
        raise PermissionDenied("只有领导小组办公室可以认定佐证材料。")
    if verdict not in ("accepted", "rejected"):
        raise DomainError("认定结果无效。")
    reason = (reason or "").strip()
    if verdict == "rejected" and not reason:
        raise DomainError("不采信时必须填写理由。")
    if evidence.withdrawn_at is not None:
        raise DomainError("已撤回的文件不能认定。")
    before = {"verdict": evidence.verdict, "reason": evidence.verdict_reason}
    evidence.verdict, evidence.verdict_reason, evidence.verdict_by_id = verdict, reason or None, actor.id
    db.session.flush()
    record_event(
        "evidence.verdict",
        object_type="evidence",
        object_id=evidence.id,
        before=before,
        after={"verdict": verdict, "reason": reason},
        user=actor,
    )


def record_download(evidence: Evidence, *, actor) -> Path:
    """The stored file for a user allowed to see the task's files, with the download in the audit log.

    Raises FileNotFoundError when the file is missing from the store."""
    if not can_see_files(actor, evidence.milestone.task):
        raise PermissionDenied("只有本任务的牵头、配合部门和办公室可以下载佐证材料。")
    path = storage().path_for(evidence.sha256)
    record_event("evidence.download", object_type="evidence", object_id=evidence.id, user=actor)
    return path
