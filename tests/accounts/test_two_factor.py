"""Two-factor login with TOTP: required for sysadmin, secadmin, auditor and office, optional for others,
each code usable once; the user is not logged in until the second step is done."""

import re
import time

import pyotp
from sqlalchemy import select

from supervision.accounts.models import User
from supervision.audit.models import AuditEvent
from supervision.db import utcnow
from supervision.security.services import update_policy
from tests.helpers import PASSWORD, TWO_FACTOR_PATH, csrf_token, login, make_user


def password_step(client, username: str):
    token = csrf_token(client)
    return client.post("/auth/login", data={"username": username, "password": PASSWORD, "csrf_token": token})


def code_step(client, code: str):
    token = csrf_token(client, TWO_FACTOR_PATH)
    return client.post(TWO_FACTOR_PATH, data={"code": code, "csrf_token": token})


def secret_of(db, username: str) -> str:
    db.session.rollback()
    return db.session.scalar(select(User.totp_secret).where(User.username == username))


def test_required_roles_must_pass_the_second_step_before_anything_opens(app, db):
    for role in ("sysadmin", "secadmin", "auditor", "office"):
        make_user(f"{role}1", roles=(role,))
        client = app.test_client()
        response = password_step(client, f"{role}1")
        assert response.status_code == 303 and response.headers["Location"] == TWO_FACTOR_PATH, role
        assert client.get("/auth/password").status_code == 302, role  # not logged in yet
        assert "动态验证码" in client.get(TWO_FACTOR_PATH).get_data(as_text=True)
        assert "不正确" in code_step(client, "000000").get_data(as_text=True), role
        assert client.get("/auth/password").status_code == 302
        code = pyotp.TOTP(secret_of(db, f"{role}1")).now()
        assert code_step(client, code).status_code == 303
        assert client.get("/auth/password").status_code == 200, role


def test_a_code_is_accepted_only_once(app, db):
    make_user("office1")
    code = pyotp.TOTP(secret_of(db, "office1")).now()
    first = app.test_client()
    password_step(first, "office1")
    assert code_step(first, code).status_code == 303
    second = app.test_client()
    password_step(second, "office1")
    html = code_step(second, code).get_data(as_text=True)
    assert "不正确或已使用" in html
    assert second.get("/auth/password").status_code == 302


def test_first_login_of_a_required_role_enrols_an_authenticator(app, db):
    make_user("auditor1", roles=("auditor",), totp=False)
    client = app.test_client()
    assert password_step(client, "auditor1").headers["Location"] == TWO_FACTOR_PATH
    html = client.get(TWO_FACTOR_PATH).get_data(as_text=True)
    assert 'src="data:image/svg+xml' in html  # the QR code
    secret = re.search(r'<code class="user-select-all">([A-Z2-7]+)</code>', html).group(1)
    assert "不正确" in code_step(client, "123456").get_data(as_text=True)
    assert code_step(client, pyotp.TOTP(secret).now()).status_code == 303
    assert client.get("/audit/").status_code == 200
    assert secret_of(db, "auditor1") == secret


def test_optional_for_other_roles_and_switched_on_in_the_settings(app, db):
    make_user("liaison1", roles=("liaison",))
    client = app.test_client()
    assert login(client, "liaison1").headers["Location"] == "/"  # password only
    html = client.get("/auth/two-factor").get_data(as_text=True)
    secret = re.search(r'<code class="user-select-all">([A-Z2-7]+)</code>', html).group(1)
    token = csrf_token(client, "/auth/two-factor")
    code = pyotp.TOTP(secret).now()
    response = client.post("/auth/two-factor", data={"code": code, "action": "enable", "csrf_token": token})
    assert response.status_code == 303 and secret_of(db, "liaison1") == secret
    assert password_step(app.test_client(), "liaison1").headers["Location"] == TWO_FACTOR_PATH
    # switching it off takes a fresh code
    later = pyotp.TOTP(secret).at(time.time() + 30)
    token = csrf_token(client, "/auth/two-factor")
    client.post("/auth/two-factor", data={"code": later, "action": "disable", "csrf_token": token})
    assert secret_of(db, "liaison1") is None


def test_required_roles_cannot_switch_it_off(app, db):
    make_user("office1")
    client = app.test_client()
    login(client, "office1")
    code = pyotp.TOTP(secret_of(db, "office1")).at(time.time() + 30)
    token = csrf_token(client, "/auth/two-factor")
    html = client.post(
        "/auth/two-factor", data={"code": code, "action": "disable", "csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert "不能关闭" in html and secret_of(db, "office1") is not None


def test_a_setting_requires_it_for_everyone(app, db):
    admin = make_user("secadmin1", roles=("secadmin",))
    make_user("liaison1", roles=("liaison",))
    update_policy({"require_2fa_for_all": True}, actor=admin, now=utcnow())
    db.session.commit()
    client = app.test_client()
    assert password_step(client, "liaison1").headers["Location"] == TWO_FACTOR_PATH
    assert "须使用双因素登录" in client.get(TWO_FACTOR_PATH).get_data(as_text=True)


def test_wrong_codes_count_towards_the_lockout(app, db):
    make_user("office1")
    client = app.test_client()
    password_step(client, "office1")
    for _ in range(5):
        response = code_step(client, "000000")
    assert response.status_code == 303 and response.headers["Location"] == "/auth/login"
    db.session.rollback()
    assert db.session.scalar(select(User.locked_until).where(User.username == "office1")) is not None
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.result == "failure")).all()
    assert actions == ["auth.totp"] * 5
    assert password_step(app.test_client(), "office1").status_code == 200  # locked: the generic message


def test_the_server_command_resets_an_administrators_authenticator(runner, db):
    make_user("auditor1", roles=("auditor",))
    result = runner.invoke(args=["user", "reset-2fa", "--username", "auditor1"])
    assert result.exit_code == 0 and "已重置" in result.output
    assert secret_of(db, "auditor1") is None
