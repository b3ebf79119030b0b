"""Evidence files of a yearly value: stored by the one evidence storage (same size, type and virus checks)."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from supervision.audit.services import record_event
from supervision.errors import Conflict, DomainError, PermissionDenied
from supervision.evidence.filetypes import UploadRejected
from supervision.evidence.services import open_stored, storage
from supervision.extensions import db
from supervision.indicators.entries import EDITABLE, can_enter
from supervision.indicators.models import IndicatorEvidence, IndicatorValue


def can_read_files(user, value: IndicatorValue) -> bool:
    """The office, the leaders, and the owner's and contributing departments see a value's files."""
    if user.has_role("office", "leader"):
        return True
    ind = value.indicator
    return user.department_id is not None and (
        user.department_id == ind.owner_id or user.department_id in {d.id for d in ind.contributors}
    )


def upload_value_evidence(value: IndicatorValue, stream: BinaryIO, filename: str, *, actor) -> IndicatorEvidence:
    """Attach a file to a draft or returned value; nothing is kept when the storage refuses it."""
    if not can_enter(actor, value.indicator):
        raise PermissionDenied("只有指标的责任部门或领导小组办公室可以上传佐证材料。")
    if value.status not in EDITABLE:
        raise Conflict(f"该数值已{value.status_label}，不能再上传佐证材料。")
    try:
        stored = storage().save(stream, filename)
    except UploadRejected as error:
        raise DomainError(error.message) from None
    row = IndicatorEvidence(
        value_id=value.id,
        uploader_id=actor.id,
        filename=stored.filename,
        sha256=stored.sha256,
        size=stored.size,
        kind=stored.kind,
    )
    db.session.add(row)
    db.session.flush()
    after = {"year": value.year, "filename": stored.filename, "sha256": stored.sha256, "size": stored.size}
    record_event("indicator_value.evidence", object_type="indicator_value", object_id=value.id, after=after, user=actor)
    return row


def files_of(values: list[IndicatorValue]) -> dict[int, list[IndicatorEvidence]]:
    """The files of each value, in one query."""
    found: dict[int, list[IndicatorEvidence]] = {v.id: [] for v in values}
    if found:
        query = select(IndicatorEvidence).where(IndicatorEvidence.value_id.in_(list(found)))
        for row in db.session.scalars(query.options(selectinload(IndicatorEvidence.uploader))):
            found[row.value_id].append(row)
    return found


def get_file_or_404(file_id: int) -> IndicatorEvidence:
    return db.session.get(IndicatorEvidence, file_id) or abort(404)


def record_file_download(row: IndicatorEvidence, *, actor, mimetype: str) -> Path | BinaryIO | str:
    """The stored file (path, stream or presigned URL) for an allowed reader, with the download audited."""
    value = db.session.get(IndicatorValue, row.value_id)
    if not can_read_files(actor, value):
        raise PermissionDenied("只有办公室、领导和该指标的责任、配合部门可以下载佐证材料。")
    source = open_stored(row.sha256, row.filename, mimetype)
    record_event("indicator_value.download", object_type="indicator_value", object_id=value.id, user=actor)
    return source
