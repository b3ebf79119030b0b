"""Evidence downloads through the API: the evidence store, audited like a web download."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from supervision.api.models import ApiToken
from supervision.api.services import token_auditor
from supervision.audit.services import record_event
from supervision.errors import DomainError
from supervision.evidence.models import Evidence
from supervision.evidence.s3 import StoreUnavailable
from supervision.evidence.services import MSG_DOWNLOAD_UNAVAILABLE, storage


def open_evidence(token: ApiToken, evidence: Evidence, mimetype: str) -> Path | BinaryIO | str:
    """The stored file of an evidence the token may read (queries.evidence_or_404 checked it): a local
    path, a stream from the object store or a presigned URL; the download is in the audit log.

    Raises FileNotFoundError when the file is missing from the store, DomainError (503) when it is down."""
    store = storage()
    try:
        source = store.presigned_url(evidence.sha256, evidence.filename, mimetype) or store.source(evidence.sha256)
    except StoreUnavailable as error:
        raise DomainError(MSG_DOWNLOAD_UNAVAILABLE, status=503) from error
    record_event(
        "evidence.download",
        object_type="evidence",
        object_id=evidence.id,
        detail=f"接口令牌：{token.name}",
        user=token_auditor(token),
    )
    return source
