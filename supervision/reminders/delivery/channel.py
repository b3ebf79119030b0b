"""What a channel is given and how it reports failure.

A channel either returns (the receiver accepted the message) or raises DeliveryError. `retry` says whether
the message certainly did not get through (safe to send again) or the outcome is unknown (a person must
decide, so that nothing is sent twice).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

UNKNOWN_OUTCOME = "，无法确认对方是否已收到。为避免重复发送，系统不自动重试；请核实后在发送记录页点“重新发送”。"


class DeliveryError(Exception):
    """The channel did not deliver; `retry` is true only when the message certainly did not get through."""

    def __init__(self, message: str, *, retry: bool):
        super().__init__(message)
        self.message = message
        self.retry = retry


@dataclass(frozen=True)
class Envelope:
    """What a sender needs from a claimed outbox row, read before its transaction ends."""

    id: int
    attempt: int  # the attempt this claim made; the outcome is recorded only if the row is still on it
    key: str
    channel: str
    kind: str
    day: date
    address: str | None
    subject: str
    body_text: str
    body_html: str | None
    username: str
    display_name: str
    phone: str | None
    request_id: str | None = None  # the request or job run that queued the message
