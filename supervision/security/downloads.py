"""Download headers and a safety net for the audit log.

Every file a user downloads or exports (an attachment: evidence, scorecards, notices, exports, ZIPs) is
sent with ``Cache-Control: no-store`` (``send_file`` sets ``no-cache`` first, which still lets a browser
or proxy keep a copy), and is recorded in the audit log, even from a view that forgot to. A view that
records its own download or export event (``*.download`` / ``*.export``) is not recorded twice."""

from __future__ import annotations

import logging

from flask import Flask, Response, g, request

from supervision.audit.services import record_event
from supervision.db import write_lock
from supervision.extensions import db

log = logging.getLogger(__name__)


def _already_audited() -> bool:
    return any(action.endswith((".download", ".export")) for action in g.get("audit_actions", []))


def register(app: Flask) -> None:
    @app.after_request
    def _audit_downloads(response: Response) -> Response:
        disposition = response.headers.get("Content-Disposition", "")
        if disposition.startswith("attachment"):
            response.headers["Cache-Control"] = "no-store"  # official files stay out of browser and proxy caches
        if response.status_code != 200 or not disposition.startswith("attachment") or _already_audited():
            return response
        try:
            with write_lock(db.session, discard_read=True):  # a download changes nothing: end its read first
                record_event(
                    "file.download",
                    object_type="route",
                    object_id=(request.endpoint or "")[:64],
                    category="business",
                    detail=f"{request.full_path[:300]}；{disposition[:300]}",
                )
        except Exception:  # the download itself must still go out
            log.exception("could not audit a download")
        return response
