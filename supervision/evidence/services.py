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
from supervision.evidence.s3 import S3Objects, S3Settings, StoreUnavailable
from supervision.evidence.storage import EvidenceStorage
from supervision.extensions import db
from supervision.hooks import run_hooks
from supervision.milestones.models import Milestone
from supervision.permissions import can_read_evidence, require_contributor
from supervision.reports.models import Contribution

VERDICT_HOOK = "evidence.judged"  # hooks called with (evidence) after each 采信/不采信, in its transaction
MSG_DOWNLOAD_UNAVAILABLE = "对象存储服务暂时不可用，无法下载文件，请稍后重试或联系系统管理员。"


def storage(backend: str | None = None) -> EvidenceStorage:
    """The evidence store of the configured backend (EVIDENCE_STORAGE), or of `backend` ("local"/"s3")."""
    config = current_app.config
    root = Path(config["UPLOAD_DIR"])
    name = backend or config["EVIDENCE_STORAGE"]
    objects = s3_objects() if name == "s3" else None  # None: files under root/objects
    return EvidenceStorage(root, config["MAX_UPLOAD_MB"] * 1024 * 1024, backend=objects)


def s3_objects() -> S3Objects:
    """One boto3 client per process and settings (making one costs tens of milliseconds)."""
    config = current_app.config
    if not config.get("S3_BUCKET"):
        raise DomainError("未配置对象存储（S3_BUCKET）。")
    settings = S3Settings(
        bucket=config["S3_BUCKET"],
        endpoint_url=config["S3_ENDPOINT_URL"],
        access_key_id=config["S3_ACCESS_KEY_ID"],
        secret_access_key=config["S3_SECRET_ACCESS_KEY"],
        region=config["S3_REGION"],
        presign_seconds=config["S3_PRESIGN_SECONDS"],
    )
    cache = current_app.extensions.setdefault("evidence_s3", {})
    if settings not in cache:
        cache[settings] = S3Objects(settings)
    return cache[settings]


def storage_health() -> dict:
    """For /healthz: which evidence store is in use and whether it answers."""
    backend = storage().backend
    try:
        backend.ping()
        status = "ok"
    except (OSError, StoreUnavailable) as error:
        status = f"error: {type(error).__name__}"
    return {"storage": {"backend": backend.name, "status": status}}


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
    run_hooks(VERDICT_HOOK, evidence)


def open_stored(sha256: str, filename: str, mimetype: str) -> Path | BinaryIO | str:
    """A presigned URL when the object store gives one, else what `send_file` sends; 503 when it is down."""
    store = storage()
    try:
        return store.presigned_url(sha256, filename, mimetype) or store.source(sha256)
    except StoreUnavailable as error:
        raise DomainError(MSG_DOWNLOAD_UNAVAILABLE, status=503) from error


def record_download(evidence: Evidence, *, actor, mimetype: str = "application/octet-stream") -> Path | BinaryIO | str:
    """The stored file for a user allowed to see the task's files, with the download in the audit log:
    a local path, a stream from the object store, or a short-lived presigned URL (S3_PRESIGN_SECONDS).

    Raises FileNotFoundError when the file is missing from the store, DomainError when the store is down."""
    if not can_read_evidence(actor, evidence):
        raise PermissionDenied("只有办公室、领导、本任务的牵头部门和上传单位可以下载该佐证材料。")
    source = open_stored(evidence.sha256, evidence.filename, mimetype)
    record_event("evidence.download", object_type="evidence", object_id=evidence.id, user=actor)
    return source
