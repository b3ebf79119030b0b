"""Session limits: an idle timeout and an absolute limit, checked on every request.

The login cookie carries the user's session token (see accounts/loader.py): logout, a password change,
a reset and deactivation rotate it, so an old cookie replayed later finds no user and gets the login page.
"""

from __future__ import annotations

import time

from flask import Flask, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

from supervision.security.services import current_policy

LOGIN_AT = "login_at"
SEEN_AT = "seen_at"
EXEMPT_ENDPOINTS = frozenset({"static", "core.healthz"})


def start_session() -> None:
    """Stamp a freshly logged-in session (the caller has cleared the old one)."""
    now = time.time()
    session[LOGIN_AT] = now
    session[SEEN_AT] = now
    session.permanent = False  # a browser-session cookie; the limits below are enforced on the server


def session_expired(now: float) -> bool:
    policy = current_policy()
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if not isinstance(login_at, int | float) or not isinstance(seen_at, int | float):
        return True
    return now - seen_at > policy.idle_timeout_minutes * 60 or now - login_at > policy.absolute_timeout_hours * 3600


def register(app: Flask) -> None:
    @app.before_request
    def _enforce_session_limits():
        if request.endpoint in EXEMPT_ENDPOINTS or not current_user.is_authenticated:
            return None
        now = time.time()
        if session_expired(now):
            logout_user()
            session.clear()
            flash("长时间未操作或登录已超过时限，请重新登录。", "warning")
            target = request.full_path if request.method == "GET" else None
            return redirect(url_for("accounts.login", next=target))
        session[SEEN_AT] = now
        return None
