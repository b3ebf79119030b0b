"""Checks of what the office types for a channel: addresses, secrets and the SMS gateway's settings."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from supervision.reminders.delivery.sms import DEFAULTS, PLACEHOLDER, PLACEHOLDERS
from supervision.validation import InvalidInput, check_text

URL_MAX = 500
SECRET_MAX = 200
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]{0,39}")
PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")
SMS_OPTIONS = ("template_id", "phone_field", "template_field", "params_field", "params", "result_field", "result_ok")


def check_url(url: str) -> str:
    url = check_text((url or "").strip(), label="地址")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(
            "地址应以 http:// 或 https:// 开头，例如 https://oapi.dingtalk.com/robot/send?access_token=…"
        )
    if len(url) > URL_MAX or " " in url:
        raise InvalidInput(f"地址无效（不能含空格，最多 {URL_MAX} 个字符）。")
    return url


def url_hint(url: str) -> str:
    """What the page shows of a saved address: its host and path, never the token in the query."""
    parts = urlsplit(url)
    hint = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}"
    return (hint + ("?…" if parts.query else ""))[:200]


def check_secret(secret: str) -> str:
    secret = check_text((secret or "").strip(), label="密钥")
    if len(secret) > SECRET_MAX or " " in secret:
        raise InvalidInput(f"密钥无效（不能含空格，最多 {SECRET_MAX} 个字符）。")
    return secret


def _placeholders_text() -> str:
    return "、".join(f"{{{name}}}（{label}）" for name, label in PLACEHOLDERS.items())


def check_params(text: str) -> str:
    lines = []
    for line in check_text(text or "", label="模板参数", multiline=True).splitlines():
        if not line.strip():
            continue
        name, equals, value = (part.strip() for part in line.partition("="))
        if not equals or not PARAM_NAME.fullmatch(name):
            raise InvalidInput(f"模板参数“{line.strip()[:40]}”应写成 参数名={{占位符}}，例如 name={{name}}。")
        unknown = [m[1] for m in PLACEHOLDER.finditer(value) if m[1] not in PLACEHOLDERS]
        if unknown or not value or len(value) > 100:
            raise InvalidInput(f"模板参数“{name}”的取值无效。可用的占位符：{_placeholders_text()}。")
        lines.append(f"{name}={value}")
    return "\n".join(lines)


def check_sms_options(options: dict[str, str]) -> dict[str, str]:
    """The SMS gateway's template id, field names, parameters and success answer, each checked."""
    clean = {name: (options.get(name) or "").strip() for name in SMS_OPTIONS}
    if not clean["template_id"]:
        raise InvalidInput("请填写短信模板编号。")
    clean["template_id"] = check_text(clean["template_id"], label="短信模板编号")[:100]
    for name in ("phone_field", "template_field", "params_field", "result_field"):
        clean[name] = clean[name] or DEFAULTS.get(name, "")
        if clean[name] and not FIELD_NAME.fullmatch(clean[name]):
            raise InvalidInput("字段名只能由字母、数字、下划线、点或连字符组成（以字母开头，最多 40 个字符）。")
    clean["params"] = check_params(clean["params"])
    clean["result_ok"] = check_text(clean["result_ok"], label="成功应答值")[:40]
    return clean
