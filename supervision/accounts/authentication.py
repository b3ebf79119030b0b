"""Checking credentials: one generic failure, a lockout after repeated failures, completing a login."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from supervision.accounts.models import User
from supervision.accounts.totp import matching_step
from supervision.audit.services import record_event
from supervision.extensions import db
from supervision.security.ratelimit import recent_failures
from supervision.security.services import current_policy

GENERIC_FAILURE = "用户名或密码错误，或账号已停用、暂时锁定。"

# Checked against when the username is unknown, so a failed login takes the same time either way.
_DUMMY_HASH = None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite hands back naive UTC


def is_locked(user: User, now: datetime) -> bool:
    return user.locked_until is not None and _aware(user.locked_until) > now


def _dummy_check(password: str) -> None:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        probe = User(username="-", password_hash="")
        probe.set_password(secrets.token_hex(8))
        _DUMMY_HASH = probe.password_hash
    User(password_hash=_DUMMY_HASH).check_password(password)


def register_failure(user: User, action: str, now: datetime, detail: str | None = None) -> None:
    """Audit a failed password or code; at the policy's threshold lock the account."""
    record_event(
        action,
        object_type="user",
        object_id=user.id,
        result="failure",
        category="security",
        detail=detail or f"username={user.username}",
    )
    since = _aware(user.failures_reset_at) if user.failures_reset_at else None
    failures = recent_failures(now, user=user, since=since)
    policy = current_policy()
    if failures >= policy.max_failures:
        user.locked_until = now + timedelta(minutes=policy.lockout_minutes)
        user.failures_reset_at = now
        record_event(
            "auth.lockout",
            object_type="user",
            object_id=user.id,
            category="security",
            detail=f"连续失败 {failures} 次，锁定 {policy.lockout_minutes} 分钟",
        )


def authenticate(username: str, password: str, now: datetime) -> User | None:
    """The user when the password is right and the account active and not locked; None otherwise."""
    username = username.strip()
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        _dummy_check(password)
        record_event("auth.login", result="failure", category="security", detail=f"username={username[:64]}")
        return None
    password_ok = user.check_password(password)
    if is_locked(user, now):
        record_event(
            "auth.login",
            object_type="user",
            object_id=user.id,
            result="denied",
            category="security",
            detail="账号锁定中",
        )
        return None
    if not user.active:
        record_event(
            "auth.login",
            object_type="user",
            object_id=user.id,
            result="failure",
            category="security",
            detail="账号已停用",
        )
        return None
    if not password_ok:
        register_failure(user, "auth.login", now)
        return None
    return user


def verify_second_factor(user: User, code: str, now: datetime) -> bool:
    """A current code of the user's authenticator, never used before; a wrong code counts as a failure."""
    step = matching_step(user.totp_secret or "", code, now)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        register_failure(user, "auth.totp", now, detail="动态验证码错误或已使用")
        return False
    user.totp_last_step = step
    return True


def complete_login(user: User, now: datetime, two_factor: bool) -> None:
    """Every step is done: earlier failures stop counting and the login is audited."""
    user.failures_reset_at = now
    record_event(
        "auth.login",
        object_type="user",
        object_id=user.id,
        category="security",
        user=user,
        detail="密码 + 动态验证码" if two_factor else "密码",
    )
