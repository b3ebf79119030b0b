"""Password policy: strength, no reuse of the last five, expiry; temporary passwords."""

from __future__ import annotations

import secrets
import string
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from supervision.accounts.models import ADMIN_ROLES, PasswordHistory, User
from supervision.errors import DomainError
from supervision.extensions import db

MIN_LENGTH = 8
HISTORY_DEPTH = 5  # a new password may not be any of the last five (the current one included)


def check_password_policy(password: str, username: str) -> None:
    """Raise a DomainError with a Chinese message when the password is too weak."""
    if len(password) < MIN_LENGTH:
        raise DomainError(f"密码至少需要 {MIN_LENGTH} 个字符。")
    classes = sum(
        [
            any(c in string.ascii_lowercase for c in password),
            any(c in string.ascii_uppercase for c in password),
            any(c in string.digits for c in password),
            any(not c.isalnum() for c in password),
        ]
    )
    if classes < 3:
        raise DomainError("密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。")
    if username and username.lower() in password.lower():
        raise DomainError("密码不能包含用户名。")


def _recent_hashes(user: User) -> list[str]:
    if user.id is None:
        return []
    query = (
        select(PasswordHistory.password_hash)
        .where(PasswordHistory.user_id == user.id)
        .order_by(PasswordHistory.id.desc())
        .limit(HISTORY_DEPTH)
    )
    return list(db.session.scalars(query))


def check_password_reuse(user: User, password: str) -> None:
    """Refuse the current password and the last five."""
    hashes = _recent_hashes(user)
    if user.password_hash and user.password_hash not in hashes:
        hashes.append(user.password_hash)
    probe = User(password_hash="")
    for stored in hashes:
        probe.password_hash = stored
        if probe.check_password(password):
            raise DomainError(f"新密码不能与最近 {HISTORY_DEPTH} 次使用过的密码相同。")


def remember_password(user: User) -> None:
    """Keep the new hash in the history and forget older ones beyond the depth."""
    db.session.add(PasswordHistory(user_id=user.id, password_hash=user.password_hash))
    db.session.flush()
    old = select(PasswordHistory.id).where(PasswordHistory.user_id == user.id).order_by(PasswordHistory.id.desc())
    for row_id in list(db.session.scalars(old.offset(HISTORY_DEPTH))):
        db.session.delete(db.session.get(PasswordHistory, row_id))


def max_age_days(user: User, policy) -> int:
    """Days a password stays valid for this user under the policy; 0 means no expiry."""
    if user.has_role(*ADMIN_ROLES):
        return policy.admin_password_max_age_days
    return policy.user_password_max_age_days


def password_expired(user: User, policy, now: datetime) -> bool:
    days = max_age_days(user, policy)
    if not days:
        return False
    changed = user.password_changed_at
    if changed is None:
        return True
    changed = changed if changed.tzinfo else changed.replace(tzinfo=UTC)
    return now - changed > timedelta(days=days)


def temporary_password() -> str:
    """A random password that meets the policy, for a new account or an administrator's reset."""
    alphabet = string.ascii_letters + string.digits
    core = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"Jk{core}#{secrets.randbelow(10)}"
