"""The table of channels the outbox sends through, and the channels a letter to a user goes out on."""

from __future__ import annotations

from supervision.accounts.models import User
from supervision.reminders.delivery.channel import Channel, department_destinations
from supervision.reminders.delivery.mail import send_email
from supervision.reminders.delivery.robots import send_dingtalk, send_wecom
from supervision.reminders.delivery.sms import send_sms
from supervision.reminders.delivery.webhook import send_webhook

CHANNELS: dict[str, Channel] = {
    "email": send_email,
    "webhook": send_webhook,
    "dingtalk": send_dingtalk,
    "wecom": send_wecom,
    "sms": send_sms,
}


def department_kinds(department_id: int | None) -> set[str]:
    """The kinds of channel the office set for a department (none when a secret cannot be read)."""
    try:
        return set(department_destinations(department_id))
    except ValueError:
        return set()  # a secret that cannot be read: the office sees it on the channel page


def letter_channels(
    user: User, global_webhook: str | None, kinds: dict[int | None, set[str]] | None = None
) -> list[tuple[str, str | None]]:
    """(channel, address) for each channel a letter to `user` is queued on: e-mail, the webhook (the
    instance's or the department's), and the robots and SMS gateway the office set for the department.
    `kinds` caches each department's channel kinds across the letters of one batch."""
    if kinds is None:
        own = department_kinds(user.department_id)
    else:
        if user.department_id not in kinds:
            kinds[user.department_id] = department_kinds(user.department_id)
        own = kinds[user.department_id]
    channels: list[tuple[str, str | None]] = [("email", user.email)] if user.email else []
    if global_webhook or "webhook" in own:
        channels.append(("webhook", user.phone))
    for kind in ("dingtalk", "wecom"):
        if kind in own:
            channels.append((kind, user.phone))
    if "sms" in own and user.phone:
        channels.append(("sms", user.phone))
    return channels
