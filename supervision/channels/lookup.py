"""What the outbox reads when it sends: a department's enabled channels, decrypted (the reminders hook)."""

from __future__ import annotations

from sqlalchemy import select

from supervision.channels.models import DepartmentChannel
from supervision.channels.secrets import unseal
from supervision.extensions import db
from supervision.reminders.delivery.channel import Destination


def sealing_context(department_id: int, kind: str, field: str) -> str:
    return f"{department_id}:{kind}:{field}"


def destination(channel: DepartmentChannel) -> Destination:
    def context(field: str) -> str:
        return sealing_context(channel.department_id, channel.kind, field)

    secret = unseal(channel.secret_sealed, context("secret")) if channel.secret_sealed else None
    return Destination(
        kind=channel.kind,
        url=unseal(channel.url_sealed, context("url")),
        secret=secret,
        options=dict(channel.options or {}),
    )


def department_destinations(department_id: int) -> dict[str, Destination]:
    """The department's enabled channels by kind; SecretUnreadable (a ValueError) when one cannot be read."""
    channels = db.session.scalars(
        select(DepartmentChannel).where(
            DepartmentChannel.department_id == department_id, DepartmentChannel.enabled.is_(True)
        )
    )
    return {channel.kind: destination(channel) for channel in channels}
