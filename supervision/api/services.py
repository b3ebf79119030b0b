"""API tokens: create (the secret is shown once), list, revoke, authenticate; the accounts writes act as."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import select

from supervision.accounts.models import Department, Role, User, UserRole
from supervision.accounts.services import find_department
from supervision.api.models import SCOPES, ApiToken, ApiTokenDepartment
from supervision.audit.services import record_event
from supervision.db import utcnow
from supervision.errors import DomainError
from supervision.extensions import db

TOKEN_PREFIX = "hzdb_"  # recognisable in logs and by secret scanners
MAX_DAYS = 3650


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def token_or_none(name: str) -> ApiToken | None:
    return db.session.scalar(select(ApiToken).where(ApiToken.name == name.strip()))


def list_tokens() -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def _departments(names: list[str]) -> list[Department]:
    found = []
    for name in names:
        if not name.strip():
            continue
        dept = find_department(name)
        if dept is None:
            raise DomainError(f"部门“{name.strip()}”不存在。")
        if dept not in found:
            found.append(dept)
    return found


def create_token(
    *, name: str, scope: str, department_names: list[str], days: int | None, actor=None, now: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token for one external system; return it and its secret, which is never shown again."""
    now = now or utcnow()
    name = name.strip()
    if not name or len(name) > 60:
        raise DomainError("令牌名称不能为空，且不超过 60 个字符。")
    if token_or_none(name) is not None:
        raise DomainError(f"令牌名称“{name}”已存在。")
    if scope not in SCOPES:
        raise DomainError("权限范围只能是 read（只读）或 write（读写）。")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise DomainError(f"有效期应为 1 到 {MAX_DAYS} 天。")
    departments = _departments(department_names)
    if scope == "write" and not departments:
        raise DomainError("读写令牌须指定可代表的部门。")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        prefix=secret[:12],
        token_hash=hash_token(secret),
        scope=scope,
        created_at=now,
        created_by=actor,
        expires_at=now + timedelta(days=days) if days else None,
        department_rows=[ApiTokenDepartment(department=d) for d in departments],
    )
    db.session.add(token)
    db.session.flush()
    record_event(
        "api.token_create",
        object_type="api_token",
        object_id=token.id,
        after={"name": name, "scope": scope, "departments": [d.name for d in departments], "days": days},
        category="security",
        user=actor,
    )
    return token, secret


def revoke_token(token: ApiToken, *, actor=None, now: datetime | None = None) -> None:
    """Revoke a token at once; revoking twice is refused."""
    if token.revoked_at is not None:
        raise DomainError(f"令牌“{token.name}”已吊销。")
    token.revoked_at = now or utcnow()
    db.session.flush()
    record_event(
        "api.token_revoke",
        object_type="api_token",
        object_id=token.id,
        after={"name": token.name},
        category="security",
        user=actor,
    )


def token_state(token: ApiToken, now: datetime) -> str:
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and _aware(token.expires_at) <= now:
        return "expired"
    return "active"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)  # SQLite drops the zone


def authenticate(secret: str | None, now: datetime) -> ApiToken | None:
    """The active token with this secret, or None (unknown, revoked or expired)."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if token is None or token_state(token, now) != "active":
        return None
    return token


def token_auditor(token: ApiToken) -> SimpleNamespace:
    """Who the audit log names for a call with this token."""
    return SimpleNamespace(id=None, username=f"api:{token.name}"[:64], department=None)


def record_call(token: ApiToken | None, *, method: str, path: str, status: int, now: datetime) -> None:
    """Audit one API call under the token's name (or a refused call without a valid token)."""
    if token is not None:
        token.last_used_at = now
    record_event(
        "api.call" if token is not None else "api.denied",
        object_type="api_token",
        object_id=token.id if token is not None else None,
        result="success" if status < 400 else ("denied" if status in (401, 403) else "failure"),
        category="security" if token is None else "business",
        detail=f"{method} {path} {status}",
        user=token_auditor(token) if token is not None else None,
        now=now,
    )


def token_actor(token: ApiToken, department: Department) -> User:
    """The account a write token acts as for one department: a liaison that can never log in, named after
    the token, so that the report workflow's rules and audit apply to API writes as to the web."""
    username = f"api-{token.id}-{department.id}"
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(
            username=username,
            display_name=f"接口：{token.name}"[:100],
            department=department,
            active=False,  # never a web session: the login and the session loader refuse inactive accounts
            session_token=secrets.token_hex(16),
            role_rows=[UserRole(role=Role.liaison.value)],
        )
        user.set_password(secrets.token_urlsafe(32))
        db.session.add(user)
        db.session.flush()
    return user
