"""Test helpers: logging in, CSRF tokens, authenticator codes, the seed; the data builders are tests/builders.py."""

from __future__ import annotations

import re
import time
from contextlib import contextmanager

from sqlalchemy import text

from supervision.extensions import db as _db
from tests.builders import PASSWORD as PASSWORD  # re-exported: many tests import these from here
from tests.builders import make_department as make_department
from tests.builders import make_user as make_user

TWO_FACTOR_PATH = "/auth/login/two-factor"


def csrf_token(client, path: str = "/auth/login") -> str:
    html = client.get(path, follow_redirects=True).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client, username: str, password: str = PASSWORD):
    """Log in through the real form; when the second step asks for a code, answer it from the user's
    authenticator secret (or the secret the enrolment page shows). Returns the last response."""
    token = csrf_token(client)
    response = client.post("/auth/login", data={"username": username, "password": password, "csrf_token": token})
    if response.status_code in (302, 303) and response.headers["Location"].endswith(TWO_FACTOR_PATH):
        html = client.get(TWO_FACTOR_PATH).get_data(as_text=True)
        shown = re.search(r'<code class="user-select-all">([A-Z2-7]+)</code>', html)
        code = totp_code(username, shown.group(1) if shown else None)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        response = client.post(TWO_FACTOR_PATH, data={"code": code, "csrf_token": token})
    return response


def totp_code(username: str, secret: str | None = None) -> str:
    """A code the server has not seen yet for this user (each time step is accepted once)."""
    import pyotp
    from sqlalchemy import select, update

    from supervision.accounts.models import User

    row = _db.session.execute(select(User.totp_secret, User.totp_last_step).where(User.username == username)).first()
    secret = secret or row.totp_secret
    now_step = int(time.time()) // 30
    # the current step, or the next one when it is used: the server accepts one step either side, so a
    # 30-second boundary passing before the code reaches it (a slow browser, a busy machine) does no harm
    step = max(now_step, (row.totp_last_step or 0) + 1)
    if step > now_step + 1:  # a test logs one user in more than twice within one 30-second step
        _db.session.execute(update(User).where(User.username == username).values(totp_last_step=now_step - 1))
        step = now_step
    _db.session.commit()
    return pyotp.TOTP(secret).generate_otp(step)


@contextmanager
def audit_guards_lifted(conn):
    """Switch the database's append-only guards on the audit log off inside `conn`'s transaction: for
    emptying tables between tests and for tests that play an attacker with direct database access."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        yield
        conn.execute(text("SET LOCAL session_replication_role = origin"))
        return
    query = "SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name IN ('audit_events', 'audit_anchor')"
    triggers = conn.execute(text(query)).all()
    for name, _sql in triggers:
        conn.execute(text(f"DROP TRIGGER {name}"))
    yield
    for _name, sql in triggers:
        conn.execute(text(sql))


def seed(runner, *args: str):
    result = runner.invoke(args=["seed", *args])
    assert result.exit_code == 0, result.output
    return result


def post_form(client, path: str, data: dict, form_path: str | None = None, **kwargs):
    """POST with the CSRF token of the page the form is on (default: the home page)."""
    payload = {"csrf_token": csrf_token(client, form_path or "/"), **data}
    return client.post(path, data=payload, **kwargs)
