"""Two-factor login with time-based one-time codes (TOTP, RFC 6238) from an authenticator app."""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp
import segno

from supervision.accounts.models import Role, User
from supervision.audit.services import record_event
from supervision.errors import DomainError

ISSUER = "健康杭州任务督办"
# Roles that must use a second factor whatever the policy says; the policy can require it for everyone.
REQUIRED_ROLES = (Role.sysadmin, Role.secadmin, Role.auditor, Role.office)
WINDOW = 1  # one 30-second step either side, for clock drift


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The otpauth URI as an SVG QR code in a data: URI (the CSP allows data: images only)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5)


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code equals `code`, within the window around `now`; None when none does."""
    code = (code or "").replace(" ", "").strip()
    if not secret or len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in range(current - WINDOW, current + WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def two_factor_required(user: User, policy) -> bool:
    return user.has_role(*REQUIRED_ROLES) or bool(policy.require_2fa_for_all)


def enrol_totp(user: User, secret: str, code: str, now: datetime) -> None:
    """Keep `secret` as the user's authenticator once a code from it is shown to work."""
    step = matching_step(secret, code, now)
    if step is None:
        raise DomainError("动态验证码不正确，请确认手机时间准确后重新输入。")
    user.totp_secret, user.totp_last_step = secret, step
    record_event("user.totp_enrol", object_type="user", object_id=user.id, category="security", user=user)


def disable_totp(user: User, code: str, policy, now: datetime) -> None:
    """Switch the optional second factor off, with a current code; refused where it is required."""
    if two_factor_required(user, policy):
        raise DomainError("您的账号必须使用双因素登录，不能关闭。")
    step = matching_step(user.totp_secret or "", code, now)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        raise DomainError("动态验证码不正确或已使用。")
    user.totp_secret, user.totp_last_step = None, None
    record_event("user.totp_disable", object_type="user", object_id=user.id, category="security", user=user)
