"""The security policy and account lockouts: what the security administrator (secadmin) manages."""

from __future__ import annotations

from datetime import datetime

from flask import g, has_request_context
from sqlalchemy import select

from supervision.accounts.models import User
from supervision.audit.services import record_event, snapshot
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.security.models import POLICY_FIELDS, SecurityPolicy


def current_policy() -> SecurityPolicy:
    """The saved policy, or the defaults; read once per request."""
    if has_request_context() and "security_policy" in g:
        return g.security_policy
    policy = db.session.get(SecurityPolicy, 1) or SecurityPolicy.defaults()
    if has_request_context():
        g.security_policy = policy
    return policy


def _snapshot(policy: SecurityPolicy) -> dict:
    return snapshot(policy, (*POLICY_FIELDS, "require_2fa_for_all"))


def update_policy(values: dict, *, actor: User, now: datetime) -> SecurityPolicy:
    """Save the policy after checking every value against its bounds; the change is audited."""
    policy = db.session.get(SecurityPolicy, 1)
    before = _snapshot(policy or SecurityPolicy.defaults())
    changed = {}
    for name, (_default, low, high, label) in POLICY_FIELDS.items():
        value = values.get(name, before[name])
        if not isinstance(value, int) or not low <= value <= high:
            raise DomainError(f"“{label}”须为 {low} 到 {high} 之间的整数。")
        changed[name] = value
    changed["require_2fa_for_all"] = bool(values.get("require_2fa_for_all", before["require_2fa_for_all"]))
    if policy is None:
        policy = SecurityPolicy(id=1)
        db.session.add(policy)
    for name, value in changed.items():
        setattr(policy, name, value)
    policy.updated_at, policy.updated_by_id = now, actor.id
    db.session.flush()
    if has_request_context():
        g.pop("security_policy", None)
    record_event(
        "security.policy",
        object_type="policy",
        object_id=1,
        before=before,
        after=changed,
        category="security",
        user=actor,
    )
    return policy


def locked_users(now: datetime) -> list[User]:
    return list(db.session.scalars(select(User).where(User.locked_until > now).order_by(User.username)))


def unlock_user(user: User, *, actor: User, now: datetime) -> None:
    """End a lockout; earlier failures no longer count."""
    if user.locked_until is None:
        raise DomainError("该账号未被锁定。")
    before = {"locked_until": user.locked_until.isoformat()}
    user.locked_until = None
    user.failures_reset_at = now
    record_event("user.unlock", object_type="user", object_id=user.id, before=before, category="security", user=actor)
