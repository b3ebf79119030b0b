"""Who calls the API: a bearer token, never the session cookie; its scope and departments."""

from __future__ import annotations

import hashlib

from flask import g, request

from supervision.api.models import ApiToken
from supervision.errors import PermissionDenied


def bearer_secret() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" and secret.strip() else None


def rate_key() -> str:
    """The rate limit's key: the presented token (hashed), else the caller's address."""
    secret = bearer_secret()
    if secret:
        return "token:" + hashlib.sha256(secret.encode("utf-8")).hexdigest()[:32]
    return "ip:" + (request.remote_addr or "-")


def current_token() -> ApiToken:
    return g.api_token


def require_write() -> ApiToken:
    token = current_token()
    if not token.can_write():
        raise PermissionDenied("该令牌为只读令牌，不能写入数据。")
    return token


def may_act_for(token: ApiToken, department_id: int) -> bool:
    return department_id in token.department_ids
