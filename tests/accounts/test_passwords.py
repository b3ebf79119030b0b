"""Password policy: strength, no reuse of the last five, forced change at first login and after a reset,
expiry for administrators."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from supervision.accounts.models import User
from supervision.accounts.passwords import check_password_policy
from supervision.accounts.services import set_password
from supervision.db import utcnow
from supervision.errors import DomainError
from supervision.security.services import update_policy
from tests.helpers import PASSWORD, csrf_token, login, make_user

RENEW = "/auth/login/new-password"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!", "至少需要 8 个字符"),
        ("abcdefgh1", "至少三类"),
        ("ABCDEFGH!", "至少三类"),
        ("Wang-Pass1", "不能包含用户名"),
    ],
)
def test_weak_passwords_are_refused(password, message):
    with pytest.raises(DomainError, match=message):
        check_password_policy(password, "wang")


def test_good_passwords_pass():
    for password in ("Abcdefg1", "abcdef1!", "ABCDEF1!", "Abcdefg!"):
        check_password_policy(password, "wang")


def change(client, current: str, new: str):
    token = csrf_token(client, "/auth/password")
    return client.post("/auth/password", data={"current": current, "new": new, "confirm": new, "csrf_token": token})


def test_none_of_the_last_five_passwords_may_come_back(client, db):
    make_user("liaison1", roles=("liaison",))
    login(client, "liaison1")
    history = [PASSWORD] + [f"Rotate-Pass{n}" for n in range(1, 6)]
    for current, new in zip(history, history[1:], strict=False):
        assert change(client, current, new).status_code == 303, new
    # now Rotate-Pass5 is current; the last five are Pass1..Pass5
    for old in history[1:]:
        html = change(client, "Rotate-Pass5", old).get_data(as_text=True)
        assert "不能与最近 5 次使用过的密码相同" in html, old
    assert change(client, "Rotate-Pass5", PASSWORD).status_code == 303  # six passwords ago: allowed again


def finish_renewal(client, new: str = "Fresh-Passw0rd"):
    token = csrf_token(client, RENEW)
    return client.post(RENEW, data={"new": new, "confirm": new, "csrf_token": token})


def test_first_login_forces_a_new_password_before_anything_else(app, runner, db):
    make_user("seed", roles=("liaison",))  # the department
    result = runner.invoke(
        args=[
            "user",
            "create",
            "--username",
            "wang",
            "--department",
            "市卫生健康委",
            "--role",
            "liaison",
            "--password-stdin",
        ],
        input="Initial-Pass1\n",
    )
    assert result.exit_code == 0, result.output
    client = app.test_client()
    response = login(client, "wang", "Initial-Pass1")
    assert response.status_code == 303 and response.headers["Location"] == RENEW
    assert client.get("/auth/password").status_code == 302  # not logged in yet
    assert "首次登录" in client.get(RENEW).get_data(as_text=True)
    assert "不能与最近" in finish_renewal(client, "Initial-Pass1").get_data(as_text=True)
    response = finish_renewal(client)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert client.get("/auth/password").status_code == 200
    db.session.rollback()
    assert db.session.scalar(select(User.must_change_password).where(User.username == "wang")) is False
    assert login(app.test_client(), "wang", "Fresh-Passw0rd").headers["Location"] == "/"


def test_a_reset_by_an_administrator_forces_a_change(app, db):
    user = make_user("liaison1", roles=("liaison",))
    admin = make_user("admin1", roles=("sysadmin",))
    set_password(user, "Reset-Passw0rd", actor=admin)
    db.session.commit()
    response = login(app.test_client(), "liaison1", "Reset-Passw0rd")
    assert response.headers["Location"] == RENEW
    set_password(user, "Own-Choice-Pass1", actor=user)  # the user's own change forces nothing
    db.session.commit()
    assert login(app.test_client(), "liaison1", "Own-Choice-Pass1").headers["Location"] == "/"


def age_password(db, username: str, days: int) -> None:
    db.session.execute(
        update(User).where(User.username == username).values(password_changed_at=utcnow() - timedelta(days=days))
    )
    db.session.commit()


def test_administrator_passwords_expire_after_90_days_by_default(app, db):
    make_user("secadmin1", roles=("secadmin",))
    make_user("liaison1", roles=("liaison",))
    age_password(db, "secadmin1", 89)
    assert login(app.test_client(), "secadmin1").headers["Location"] == "/"
    age_password(db, "secadmin1", 91)
    age_password(db, "liaison1", 400)
    client = app.test_client()
    response = login(client, "secadmin1")
    assert response.headers["Location"] == RENEW  # after the second factor, before the home page
    assert "超过有效期" in client.get(RENEW).get_data(as_text=True)
    assert finish_renewal(client).status_code == 303 and client.get("/security/policy").status_code == 200
    assert login(app.test_client(), "liaison1").headers["Location"] == "/"  # others: no expiry by default


def test_expiry_is_configurable_for_everyone(app, db):
    admin = make_user("secadmin1", roles=("secadmin",))
    make_user("liaison1", roles=("liaison",))
    values = {"user_password_max_age_days": 30, "admin_password_max_age_days": 0}
    update_policy(values, actor=admin, now=utcnow())
    db.session.commit()
    age_password(db, "liaison1", 31)
    age_password(db, "secadmin1", 400)
    assert login(app.test_client(), "liaison1").headers["Location"] == RENEW
    assert login(app.test_client(), "secadmin1").headers["Location"] == "/"
