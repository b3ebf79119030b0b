"""The audit record of every refused request (403), plugged into the error handlers at start."""

from __future__ import annotations

import logging

from flask import Flask, request

from supervision.audit.services import record_event
from supervision.db import write_lock
from supervision.errors import REFUSAL_HOOK
from supervision.extensions import db
from supervision.hooks import add_hook

log = logging.getLogger(__name__)


def record_refusal(message: str) -> None:
    """Audit a refused permission in a transaction of its own (the refused one is rolled back)."""
    try:
        with write_lock(db.session, discard_read=True):
            record_event(
                "access.denied",
                object_type="route",
                object_id=(request.endpoint or "")[:64],
                result="denied",
                category="security",
                detail=f"{request.method} {request.path[:300]}：{message}",
            )
    except Exception:  # the refusal itself must still be answered
        log.exception("could not audit a refused request")


def register(app: Flask) -> None:
    add_hook(app, REFUSAL_HOOK, record_refusal)
