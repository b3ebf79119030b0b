"""Group robots: DingTalk / 浙政钉 custom robots (markdown, signed with the robot's secret) and 企业微信
group robots (markdown). A robot answers HTTP 200 with an errcode; any other errcode than 0 means the
message was refused, so it certainly did not get through and is sent again later."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote_plus

from supervision.reminders.delivery.channel import DeliveryError, Envelope, destination_for
from supervision.reminders.delivery.http import answer_json, check_url, encode, post_json

DINGTALK = "钉钉机器人"
WECOM = "企业微信机器人"
WECOM_LIMIT = 4096  # bytes of markdown content a 企业微信 robot takes
TOO_LONG = "\n\n……（内容较长，请登录系统查看全文）"


def markdown(envelope: Envelope) -> str:
    """The letter as robot markdown: its subject as a heading, each line a paragraph."""
    lines = [line.strip() for line in envelope.body_text.splitlines()]
    return f"#### {envelope.subject}\n\n" + "\n\n".join(line for line in lines if line)


def cut(text: str, limit: int) -> str:
    if len(text.encode()) <= limit:
        return text
    room = limit - len(TOO_LONG.encode())
    return text.encode()[:room].decode(errors="ignore") + TOO_LONG


def dingtalk_sign(secret: str, timestamp: int) -> str:
    """As DingTalk documents: HMAC-SHA256 of "timestamp\\nsecret" keyed by the secret, base64, URL-encoded."""
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest))


def _check_answer(raw: bytes, label: str) -> None:
    answer = answer_json(raw, label)
    code = answer.get("errcode")
    if code not in (0, "0"):
        raise DeliveryError(f"{label}拒收：{answer.get('errmsg') or '未说明原因'}（错误码 {code}）", retry=True)


def send_dingtalk(envelope: Envelope) -> None:
    destination = destination_for(envelope, "dingtalk", DINGTALK)
    url = check_url(destination.url, "钉钉机器人的 Webhook 地址无效（应为 http 或 https 地址）。")
    text, at = markdown(envelope), {"isAtAll": False}
    if envelope.address:  # the recipient's mobile number: DingTalk mentions them in the group
        text += f"\n\n@{envelope.address}"
        at["atMobiles"] = [envelope.address]
    if destination.secret:
        timestamp = int(time.time() * 1000)
        sign = dingtalk_sign(destination.secret, timestamp)
        url += ("&" if "?" in url else "?") + f"timestamp={timestamp}&sign={sign}"
    payload = {"msgtype": "markdown", "markdown": {"title": envelope.subject, "text": text}, "at": at}
    _check_answer(post_json(url, encode(payload), {}, DINGTALK), DINGTALK)


def send_wecom(envelope: Envelope) -> None:
    destination = destination_for(envelope, "wecom", WECOM)
    url = check_url(destination.url, "企业微信机器人的 Webhook 地址无效（应为 http 或 https 地址）。")
    payload = {"msgtype": "markdown", "markdown": {"content": cut(markdown(envelope), WECOM_LIMIT)}}
    _check_answer(post_json(url, encode(payload), {}, WECOM), WECOM)
