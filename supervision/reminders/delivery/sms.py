"""The SMS channel: an HTTP gateway taking a template id and its parameters; the URL, the field names,
the parameters and the answer that means success are the department's settings."""

from __future__ import annotations

import re

from supervision.reminders.delivery.channel import DeliveryError, Destination, Envelope, destination_for
from supervision.reminders.delivery.http import answer_json, check_url, encode, post_json
from supervision.reminders.models import KIND_LABELS

SMS = "短信网关"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
PLACEHOLDERS = {"name": "收件人姓名", "subject": "消息标题", "day": "日期", "kind": "消息类别"}
DEFAULTS = {"phone_field": "phone", "template_field": "template_id", "params_field": "params"}


def template_values(envelope: Envelope) -> dict[str, str]:
    return {
        "name": envelope.display_name,
        "subject": envelope.subject,
        "day": f"{envelope.day.year}年{envelope.day.month}月{envelope.day.day}日",
        "kind": KIND_LABELS.get(envelope.kind, "通知"),
    }


def sms_payload(envelope: Envelope, destination: Destination) -> dict:
    options = {**DEFAULTS, **{k: v for k, v in destination.options.items() if v}}
    values = template_values(envelope)
    params = {}
    for line in (options.get("params") or "").splitlines():
        name, _, placeholder = line.partition("=")
        if name.strip():
            params[name.strip()] = PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), placeholder.strip())
    return {
        options["phone_field"]: envelope.address,
        options["template_field"]: options.get("template_id", ""),
        options["params_field"]: params,
    }


def send_sms(envelope: Envelope) -> None:
    if not envelope.address:
        raise DeliveryError("收件人没有登记手机号。", retry=False)
    destination = destination_for(envelope, "sms", SMS)
    url = check_url(destination.url, "短信网关地址无效（应为 http 或 https 地址）。")
    headers = {"Idempotency-Key": envelope.key}
    if destination.secret:
        headers["Authorization"] = f"Bearer {destination.secret}"
    raw = post_json(url, encode(sms_payload(envelope, destination)), headers, SMS)
    field, ok = destination.options.get("result_field"), destination.options.get("result_ok")
    if field:
        answer = answer_json(raw, SMS)
        if str(answer.get(field)) != (ok or ""):
            raise DeliveryError(f"短信网关拒收：{field}={answer.get(field)}（{answer}）", retry=True)
