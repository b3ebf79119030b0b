"""The generic webhook channel: POST JSON with an Idempotency-Key header to the department's own webhook
(set by the office, optionally signed) or the instance's WEBHOOK_URL."""

from __future__ import annotations

import hashlib
import hmac
import os

from flask import current_app

from supervision.reminders.delivery.channel import DeliveryError, Envelope, department_destinations
from supervision.reminders.delivery.http import check_url, encode, post_json

NO_URL = "未配置有效的 WEBHOOK_URL（http 或 https 地址）。"


def webhook_url() -> str | None:
    return current_app.config.get("WEBHOOK_URL") or os.environ.get("WEBHOOK_URL") or None


def webhook_payload(envelope: Envelope) -> dict:
    return {
        "key": envelope.key,
        "kind": envelope.kind,
        "day": envelope.day.isoformat(),
        "to": {"username": envelope.username, "name": envelope.display_name, "phone": envelope.phone},
        "subject": envelope.subject,
        "text": envelope.body_text,
    }


def send_webhook(envelope: Envelope) -> None:
    try:
        own = department_destinations(envelope.department_id).get("webhook")
    except ValueError as error:
        raise DeliveryError(str(error), retry=False) from None
    url = check_url(own.url if own else webhook_url(), NO_URL)
    body = encode(webhook_payload(envelope))
    headers = {"Idempotency-Key": envelope.key}
    if envelope.request_id:
        headers["X-Request-Id"] = envelope.request_id
    if own and own.secret:  # the receiver can check that the message comes from this system
        headers["X-Signature"] = "sha256=" + hmac.new(own.secret.encode(), body, hashlib.sha256).hexdigest()
    post_json(url, body, headers)
