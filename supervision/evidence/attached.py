"""Storing and sending the files attached to other domains' records (see `columns.AttachedFileColumns`).

Every file goes through the evidence storage's checks (size, type by content, virus scan) before
any row names it; a refused file refuses the whole request, so nothing is half-attached. Downloads
go out as evidence downloads do: a presigned URL of the object store when configured, else the
bytes, always as an attachment that the browser cannot render in the app's origin.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from flask import Response, abort, redirect, send_file

from supervision.db import write_lock
from supervision.errors import DomainError
from supervision.evidence.filetypes import UploadRejected
from supervision.evidence.services import open_stored, storage
from supervision.evidence.signatures import MIME_TYPES
from supervision.evidence.storage import StoredFile
from supervision.extensions import db
from supervision.validation import InvalidInput

Source = Path | BinaryIO | str  # a local path, a stream from the object store, or a presigned URL


def store_files(files: list[tuple[BinaryIO, str]], limit: int, noun: str = "佐证文件") -> list[StoredFile]:
    """Store every `(stream, filename)`; at most `limit` of them, each one accepted by the storage."""
    if len(files) > limit:
        raise InvalidInput(f"每次最多上传 {limit} 个{noun}。")
    stored = []
    for stream, filename in files:
        try:
            stored.append(storage().save(stream, filename))
        except UploadRejected as error:
            raise DomainError(f"“{filename}”未能上传：{error.message}") from None
    return stored


def file_fields(stored: StoredFile, actor) -> dict:
    """The `AttachedFileColumns` values of a stored file uploaded by `actor`."""
    return {
        "filename": stored.filename,
        "sha256": stored.sha256,
        "size": stored.size,
        "kind": stored.kind,
        "uploaded_by_id": actor.id,
    }


def mimetype_of(kind: str) -> str:
    return MIME_TYPES.get(kind, "application/octet-stream")


def send_stored(open_source: Callable[[str], Source], *, filename: str, kind: str, size: int | None) -> Response:
    """The download response of a stored file; `open_source(mimetype)` checks access and audits.

    A file missing from the storage is a 404; the caller wraps the call in the write lock when
    `open_source` writes the audit log.
    """
    mimetype = mimetype_of(kind)
    try:
        source = open_source(mimetype)
    except FileNotFoundError:
        abort(404)
    if isinstance(source, str):  # a short-lived presigned URL of the object store
        return redirect(source)
    response = send_file(source, as_attachment=True, download_name=filename, mimetype=mimetype)
    if response.content_length is None and size is not None:  # streamed from the object store
        response.content_length = size
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox"
    return response


def send_attached(find: Callable[[], object]) -> Response:
    """The download of an attached file: `find()` returns it after checking access and auditing."""
    with write_lock(db.session):  # a GET that writes the audit log: take SQLite's write lock at once
        file = find()
        name, kind, size, sha256 = file.filename, file.kind, file.size, file.sha256
    return send_stored(lambda mimetype: open_stored(sha256, name, mimetype), filename=name, kind=kind, size=size)
