"""The webhook channel: POST JSON with an Idempotency-Key header; the pattern for SMS or government
messaging gateways."""

from __future__ import annotations

import http.client
import json
import os
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from flask import current_app

from supervision.reminders.delivery.channel import UNKNOWN_OUTCOME, DeliveryError, Envelope

WEBHOOK_TIMEOUT = 10


def webhook_url() -> str | None:
    return current_app.config.get("WEBHOOK_URL") or os.environ.get("WEBHOOK_URL") or None


def send_webhook(envelope: Envelope) -> None:
    url = webhook_url()
    if not url or urlsplit(url).scheme not in ("http", "https"):
        raise DeliveryError("未配置有效的 WEBHOOK_URL（http 或 https 地址）。", retry=False)
    payload = {
        "key": envelope.key,
        "kind": envelope.kind,
        "day": envelope.day.isoformat(),
        "to": {"username": envelope.username, "name": envelope.display_name, "phone": envelope.phone},
        "subject": envelope.subject,
        "text": envelope.body_text,
    }
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": envelope.key,
            **({"X-Request-Id": envelope.request_id} if envelope.request_id else {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
            response.read()
    except urllib.error.HTTPError as error:
        error.close()
        raise DeliveryError(
            f"网关返回 HTTP {error.code}", retry=error.code >= 500 or error.code in (408, 429)
        ) from None
    except urllib.error.URLError as error:  # raised while connecting or sending the request
        raise DeliveryError(f"无法连接网关：{error.reason}", retry=True) from error
    except (OSError, http.client.HTTPException) as error:  # raised while waiting for the answer
        raise DeliveryError(f"等待网关应答时出错（{error}）{UNKNOWN_OUTCOME}", retry=False) from error
