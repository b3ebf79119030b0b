"""One-time activation links: a new account with an e-mail address sets its own first password.

Only the SHA-256 of a token is stored. The link reaches the user through the outbox, which lives in a higher
domain (reminders): it registers a hook at ACTIVATION_MAIL when the app starts, so accounts need not import it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from supervision.accounts.models import AccountActivation, User
from supervision.accounts.passwords import check_password_policy, remember_password
from supervision.accounts.services import end_sessions
from supervision.audit.services import record_event
from supervision.clock import today
from supervision.db import utcnow
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.hooks import hooks_for

ACTIVATION_MAIL = "account_activation"  # hook(user, url, expires_at, day): queue the e-mail with the link
VALID_FOR = timedelta(hours=72)
EXPIRED = "激活链接无效或已过期（有效期 72 小时，只能使用一次）。请联系系统管理员重新发送。"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def activation_url(token: str) -> str:
    path = current_app.url_map.bind("localhost").build("accounts.activate", {"token": token})
    return current_app.config["BASE_URL"].rstrip("/") + path


def issue_activation(user: User, now: datetime, *, actor: User | None = None) -> str:
    """Create the user's activation link (valid 72 hours) and queue it by e-mail; returns the URL."""
    token = secrets.token_urlsafe(32)
    expires = now + VALID_FOR
    db.session.add(AccountActivation(user=user, token_hash=_digest(token), expires_at=expires))
    db.session.flush()
    url = activation_url(token)
    for hook in hooks_for(ACTIVATION_MAIL):
        hook(user, url, expires, today())
    record_event("user.activation_sent", object_type="user", object_id=user.id, category="security", user=actor)
    return url


def find_activation(token: str, now: datetime) -> AccountActivation | None:
    """The unused, unexpired activation of this token, or None."""
    if not token or len(token) > 100:
        return None
    found = db.session.scalar(select(AccountActivation).where(AccountActivation.token_hash == _digest(token)))
    if found is None or found.used_at is not None or _aware(found.expires_at) <= now:
        return None
    if not found.user.active:
        return None
    return found


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)  # SQLite drops the zone


def activate_account(token: str, password: str, now: datetime) -> User:
    """Set the first password through the link (once); the normal login, with its second factor, follows."""
    activation = find_activation(token, now)
    if activation is None:
        raise DomainError(EXPIRED)
    user = activation.user
    check_password_policy(password, user.username)
    user.set_password(password)
    user.password_changed_at = now
    user.must_change_password = False
    end_sessions(user)
    remember_password(user)
    activation.used_at = now
    record_event("user.activated", object_type="user", object_id=user.id, category="security", user=user)
    return user
