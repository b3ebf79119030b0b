"""Evidence store upkeep: temporary files of interrupted uploads are removed at start and every hour."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from flask import Flask, current_app

from supervision.evidence.storage import EvidenceStorage

log = logging.getLogger(__name__)
STALE_AFTER_SECONDS = 3600  # an upload in progress keeps writing to its file; one idle for an hour is dead


def _remove_stale(root: Path) -> int:
    removed = EvidenceStorage(root, 0).cleanup_tmp(older_than_seconds=STALE_AFTER_SECONDS)
    if removed:
        log.info("removed %d temporary upload files older than an hour from %s", removed, root / "tmp")
    return removed


def remove_stale_uploads(now: datetime) -> int:
    """The job: remove `upload-*.part` files (and any other temporary file) idle for over an hour."""
    return _remove_stale(Path(current_app.config["UPLOAD_DIR"]))


def remove_stale_uploads_at_start(app: Flask) -> None:
    """At start: what a process killed mid-upload left behind (a failure here must not stop the app)."""
    try:
        _remove_stale(Path(app.config["UPLOAD_DIR"]))
    except OSError as error:
        log.warning("could not clean the temporary upload files: %s", error)
