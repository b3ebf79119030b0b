"""The content of the audit chain: each event's canonical form and its keyed hash.

An event's `hash` is HMAC-SHA256 over its canonical form (which holds the previous event's hash), keyed
with AUDIT_CHAIN_KEY: the key lives outside the database (environment or the instance folder), so whoever
can write the database cannot re-chain a rewritten log. Events written before the key existed carry the
plain SHA-256 of the same form ("legacy"); they verify only up to the point a keyed `audit.seal` event
recorded (see supervision/audit/seal.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime

from flask import current_app

from supervision.audit.models import AuditAnchor, AuditEvent
from supervision.extensions import db

GENESIS = "0" * 64


def _utc_naive(moment: datetime) -> datetime:
    # SQLite hands datetimes back without a zone, PostgreSQL in the session's zone: compare in UTC.
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _canonical(event: AuditEvent) -> str:
    fields = {
        "occurred_at": _utc_naive(event.occurred_at).strftime("%Y-%m-%dT%H:%M:%S.%f"),
        "user_id": event.user_id,
        "username": event.username,
        "department": event.department,
        "ip": event.ip,
        "action": event.action,
        "category": event.category,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "result": event.result,
        "before": event.before,
        "after": event.after,
        "detail": event.detail,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str)


def chain_key() -> bytes:
    return str(current_app.config["AUDIT_CHAIN_KEY"]).encode()


def compute_hash(event: AuditEvent) -> str:
    """The keyed hash of an event (HMAC-SHA256 with AUDIT_CHAIN_KEY)."""
    return hmac.new(chain_key(), _canonical(event).encode(), hashlib.sha256).hexdigest()


def compute_legacy_hash(event: AuditEvent) -> str:
    """The plain SHA-256 that events carried before the chain was keyed."""
    return hashlib.sha256(_canonical(event).encode()).hexdigest()


def chain_start() -> str:
    """The hash the oldest kept event must link to: the genesis, or the last purged event's hash."""
    anchor = db.session.get(AuditAnchor, 1)
    return anchor.anchor_hash if anchor is not None else GENESIS
