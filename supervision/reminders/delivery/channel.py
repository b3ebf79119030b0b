"""What a channel is given, how it reports failure, and where a department's channel settings come from.

A channel is a function `send(envelope)` that either returns (the receiver accepted the message) or raises
DeliveryError. `retry` says whether the message certainly did not get through (safe to send again) or the
outcome is unknown (a person must decide, so that nothing is sent twice).

Robots and gateways are set per department by the office (supervision/channels/); that domain sits above
the reminders, so it registers a hook at DESTINATIONS that the channels call when they send.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from supervision.hooks import hooks_for

UNKNOWN_OUTCOME = "，无法确认对方是否已收到。为避免重复发送，系统不自动重试；请核实后在发送记录页点“重新发送”。"
DESTINATIONS = "reminders.destinations"  # hook: department_id -> {kind: Destination} of its enabled channels


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
    department_id: int | None = None  # whose channel settings deliver it (robots, gateways)


@dataclass(frozen=True)
class Destination:
    """A department's setting of one channel, read when a message is sent (the secret in clear)."""

    kind: str  # dingtalk / wecom / webhook / sms
    url: str
    secret: str | None = None
    options: dict[str, str] = field(default_factory=dict)


Channel = Callable[[Envelope], None]


def department_destinations(department_id: int | None) -> dict[str, Destination]:
    """The enabled channels the office set for a department (none without the channels domain)."""
    found: dict[str, Destination] = {}
    if department_id is None:
        return found
    for hook in hooks_for(DESTINATIONS):
        found.update(hook(department_id))
    return found


def destination_for(envelope: Envelope, kind: str, label: str) -> Destination:
    """The department's setting that delivers `envelope`, or a failure the office sees and can fix."""
    try:
        destination = department_destinations(envelope.department_id).get(kind)
    except ValueError as error:  # a stored secret that cannot be decrypted any more
        raise DeliveryError(str(error), retry=False) from None
    if destination is None:
        raise DeliveryError(f"收件人所在单位未设置{label}（或已停用）。", retry=False)
    return destination
