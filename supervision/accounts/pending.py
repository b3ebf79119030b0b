"""A login in steps: password, then the second factor, then a forced password change.

Until every step is done the session holds only this signed, short-lived state, never Flask-Login's user
id, so no page but the next step opens.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import redirect, session, url_for
from flask_login import login_user

from supervision.accounts.authentication import complete_login, is_locked
from supervision.accounts.models import User
from supervision.accounts.passwords import password_expired
from supervision.accounts.totp import two_factor_required
from supervision.db import utcnow
from supervision.extensions import db
from supervision.security.services import current_policy
from supervision.security.sessions import start_session

PENDING = "pending_login"
PENDING_SECONDS = 600


def safe_next(target: str | None) -> str:
    """Only a path inside this site; anything else lands on the home page."""
    home = url_for("core.index")
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return home
    return target


def begin(user: User, next_url: str | None) -> None:
    """The password was right: a new session that knows only which login is under way."""
    session.clear()
    session[PENDING] = {"uid": user.id, "token": user.session_token, "at": time.time(), "next": next_url, "totp": False}


def pending_user() -> User | None:
    """The user of the login under way, unless it expired or the account changed meanwhile."""
    state = session.get(PENDING)
    if not isinstance(state, dict) or time.time() - state.get("at", 0) > PENDING_SECONDS:
        return None
    user = db.session.get(User, state.get("uid"))
    if user is None or not user.active or user.session_token != state.get("token") or is_locked(user, utcnow()):
        return None
    return user


def update(**values) -> None:
    session[PENDING] = {**session[PENDING], **values}


def needs_second_factor(user: User) -> bool:
    return user.totp_secret is not None or two_factor_required(user, current_policy())


def advance(user: User):
    """Send the user to the step still owed, or finish the login and go where they were heading."""
    state = session[PENDING]
    if needs_second_factor(user) and not state["totp"]:
        return redirect(url_for("accounts.two_factor"), code=303)
    if user.must_change_password or password_expired(user, current_policy(), utcnow()):
        return redirect(url_for("accounts.renew_password"), code=303)
    complete_login(user, utcnow(), two_factor=state["totp"])
    db.session.commit()
    session.clear()
    login_user(user, remember=False)
    start_session()
    return redirect(safe_next(state.get("next")), code=303)
