"""Sessions: idle and absolute limits, cookie flags, a new session at login, old cookies dead after
logout, deactivation and a password change; no remember-me cookie; CSRF tokens as long as the session."""

import time

from sqlalchemy import select

from supervision.accounts.models import User
from supervision.db import utcnow
from supervision.security.services import update_policy
from tests.conftest import make_test_app
from tests.helpers import PASSWORD, csrf_token, login, make_user

PAGE = "/auth/password"  # any page that needs a login and stays put


def logged_in(app, username="liaison1", roles=("liaison",)):
    make_user(username, roles=roles)
    client = app.test_client()
    assert login(client, username).status_code == 303
    return client


def shift(client, **seconds_ago) -> None:
    with client.session_transaction() as session:
        for key, seconds in seconds_ago.items():
            session[key] = time.time() - seconds


def test_idle_timeout_is_thirty_minutes(app, db):
    client = logged_in(app)
    shift(client, seen_at=29 * 60)
    assert client.get(PAGE).status_code == 200  # activity moves the idle clock on
    shift(client, seen_at=31 * 60)
    response = client.get(PAGE)
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")
    assert client.get(PAGE).status_code == 302  # the session is gone, not just this request


def test_absolute_limit_is_twelve_hours_even_when_active(app, db):
    client = logged_in(app)
    shift(client, login_at=11 * 3600, seen_at=10)
    assert client.get(PAGE).status_code == 200
    shift(client, login_at=12 * 3600 + 60, seen_at=10)
    assert client.get(PAGE).status_code == 302


def test_both_limits_follow_the_policy(app, db):
    client = logged_in(app)
    admin = make_user("secadmin1", roles=("secadmin",))
    update_policy({"idle_timeout_minutes": 5, "absolute_timeout_hours": 1}, actor=admin, now=utcnow())
    db.session.commit()
    shift(client, seen_at=6 * 60)
    assert client.get(PAGE).status_code == 302
    client = app.test_client()
    login(client, "liaison1")
    shift(client, login_at=3700, seen_at=10)
    assert client.get(PAGE).status_code == 302


def test_cookie_flags_and_no_remember_me(app, db):
    make_user("liaison1", roles=("liaison",))
    client = app.test_client()
    response = login(client, "liaison1")
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie
    assert "Expires" not in session_cookie  # a browser-session cookie
    assert not any(c.startswith("remember_token") for c in cookies)
    assert client.get_cookie("remember_token") is None


def test_cookies_are_secure_in_production(monkeypatch):
    monkeypatch.setenv("SUPERVISION_ENV", "production")
    app = make_test_app(SECRET_KEY="k" * 40, SQLALCHEMY_DATABASE_URI="sqlite://")
    cookie = app.test_client().get("/auth/login").headers["Set-Cookie"]  # the CSRF token starts a session
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_login_starts_a_new_session(app, db):
    make_user("office1")
    client = app.test_client()
    csrf_token(client)
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        before = session["csrf_token"]
    token = csrf_token(client)
    client.post("/auth/login", data={"username": "office1", "password": PASSWORD, "csrf_token": token})
    with client.session_transaction() as session:
        assert "planted" not in session and session.get("csrf_token") != before
        assert "_user_id" not in session  # the second step is still owed
    login(client, "office1")
    with client.session_transaction() as session:
        assert "planted" not in session and "_user_id" in session and "pending_login" not in session


def replay(app, cookie_value: str):
    client = app.test_client()
    client.set_cookie("session", cookie_value)
    return client.get(PAGE)


def test_logout_kills_a_copied_cookie(app, db):
    client = logged_in(app)
    stolen = client.get_cookie("session").value
    assert replay(app, stolen).status_code == 200
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, PAGE)})
    response = replay(app, stolen)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_deactivation_by_the_system_administrator_kills_the_session(app, db):
    client = logged_in(app)
    stolen = client.get_cookie("session").value
    admin = logged_in(app, "sysadmin1", ("sysadmin",))
    user_id = db.session.scalar(select(User.id).where(User.username == "liaison1"))
    admin.post(f"/admin/users/{user_id}/deactivate", data={"csrf_token": csrf_token(admin, "/admin/users/")})
    assert client.get(PAGE).status_code == 302
    assert replay(app, stolen).status_code == 302


def test_a_csrf_token_lives_as_long_as_the_session(app, db, monkeypatch):
    import itsdangerous.timed

    assert app.config["WTF_CSRF_TIME_LIMIT"] is None
    client = logged_in(app)
    token = csrf_token(client, PAGE)
    real = time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real() + 5 * 3600)  # five hours later ...
    shift(client, seen_at=60)  # ... of steady work in other tabs: the session itself is alive
    response = client.post(PAGE, data={"current": PASSWORD, "new": "x", "confirm": "x", "csrf_token": token})
    assert response.status_code == 200 and "安全令牌" not in response.get_data(as_text=True)
