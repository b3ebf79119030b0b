"""Keying a log that was chained with plain SHA-256: the upgrade step `flask audit seal`.

Events written before AUDIT_CHAIN_KEY existed carry plain SHA-256 hashes, which anyone with write access
to the database could recompute. Sealing first verifies that old part of the chain (every plain hash and
link), then records a keyed `audit.seal` event that names the last old event and its hash. From then on
`verify_chain` accepts a plain hash only up to that event, and the sealed hash pins the whole old part: a
rewrite of it changes the last old hash, which the keyed seal event (and the keyed event after the old
part, which links to it) would no longer match.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from supervision.audit.chain import chain_start, compute_hash, compute_legacy_hash
from supervision.audit.models import AuditEvent
from supervision.audit.services import record_event, sealed_legacy_head
from supervision.errors import DomainError
from supervision.extensions import db


@dataclass(frozen=True)
class Seal:
    through_id: int
    head_hash: str
    count: int


def find_legacy_prefix() -> Seal | None:
    """The verified run of plain-hash events at the start of the chain (None when there is none)."""
    prev, last, count = chain_start(), None, 0
    for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(1000):
        if event.prev_hash != prev:
            raise DomainError(f"旧哈希链校验未通过（事件 {event.id} 的前序哈希不连续），未封存，请先核查。")
        if compute_hash(event) == event.hash:
            break  # the keyed part begins
        if compute_legacy_hash(event) != event.hash:
            raise DomainError(f"旧哈希链校验未通过（事件 {event.id} 的内容与哈希不符），未封存，请先核查。")
        prev, last, count = event.hash, event, count + 1
    return Seal(last.id, last.hash, count) if last is not None else None


def seal_legacy_chain(now: datetime | None = None) -> Seal | None:
    """Verify the plain-hash part of the log and pin it with a keyed `audit.seal` event; None when the
    log holds no unsealed plain-hash event."""
    prefix = find_legacy_prefix()
    if prefix is None or prefix.through_id <= sealed_legacy_head()[0]:
        return None
    record_event(
        "audit.seal",
        object_type="audit",
        category="security",
        after={"legacy_through_id": prefix.through_id, "legacy_head_hash": prefix.head_hash, "count": prefix.count},
        detail="旧哈希链已校验并以审计密钥封存",
        now=now,
    )
    return prefix
