from sqlalchemy import select

from supervision.audit.models import AuditEvent
from tests.helpers import PASSWORD, csrf_token, login, make_user


def test_login_page_is_chinese(client):
    response = client.get("/auth/login")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "登录" in html and 'lang="zh-CN"' in html


def test_good_login_redirects_and_opens_home(client):
    make_user("liaison1", roles=("liaison",))
    response = login(client, "liaison1")
    assert response.status_code in (302, 303)
    home = client.get("/auth/password")
    assert home.status_code == 200
    assert "liaison1" in home.get_data(as_text=True)


def test_bad_password_and_unknown_user_get_the_same_message(client):
    make_user("liaison1", roles=("liaison",))
    wrong = login(client, "liaison1", "Wrong-Passw0rd").get_data(as_text=True)
    unknown = login(client, "nobody", "Wrong-Passw0rd").get_data(as_text=True)
    assert "用户名或密码错误" in wrong and "用户名或密码错误" in unknown
    assert "nobody" not in unknown.replace('value="nobody"', "")
    assert client.get("/auth/password").status_code == 302


def test_login_without_csrf_token_is_refused(client):
    make_user("liaison1", roles=("liaison",))
    client.get("/auth/login")
    response = client.post("/auth/login", data={"username": "liaison1", "password": PASSWORD})
    assert response.status_code == 400
    assert "安全令牌" in response.get_data(as_text=True)
    assert client.get("/auth/password").status_code == 302


def test_logout_is_a_post_and_ends_the_session(client):
    make_user()
    login(client, "office1")
    assert client.get("/auth/logout").status_code == 405
    token = csrf_token(client, "/")
    assert client.post("/auth/logout", data={"csrf_token": token}).status_code in (302, 303)
    assert client.get("/auth/password").status_code == 302


def test_password_change_ends_other_sessions(app, db):
    make_user()
    first, second = app.test_client(), app.test_client()
    login(first, "office1")
    login(second, "office1")
    token = csrf_token(first, "/auth/password")
    response = first.post(
        "/auth/password",
        data={"current": PASSWORD, "new": "Brand-New-Pass9", "confirm": "Brand-New-Pass9", "csrf_token": token},
    )
    assert response.status_code == 303
    assert first.get("/auth/password").status_code == 200
    assert second.get("/auth/password").status_code == 302  # the old cookie no longer works
    assert login(app.test_client(), "office1", "Brand-New-Pass9").status_code == 303


def test_weak_new_password_is_refused_and_nothing_changes(client):
    make_user()
    login(client, "office1")
    token = csrf_token(client, "/auth/password")
    response = client.post(
        "/auth/password", data={"current": PASSWORD, "new": "short", "confirm": "short", "csrf_token": token}
    )
    assert "至少需要 8 个字符" in response.get_data(as_text=True)
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/")})
    assert login(client, "office1").status_code == 303


def test_next_parameter_only_leads_inside_the_site(app):
    make_user("liaison1", roles=("liaison",))  # no second step: the password POST itself redirects
    for target, expected in [
        ("/auth/password", "/auth/password"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ]:
        client = app.test_client()
        token = csrf_token(client)
        response = client.post(
            f"/auth/login?next={target}",
            data={"username": "liaison1", "password": PASSWORD, "csrf_token": token},
        )
        assert response.headers["Location"] == expected, target


def test_logins_are_audited(client, db):
    make_user()
    login(client, "office1", "Wrong-Passw0rd")
    login(client, "office1")
    results = db.session.scalars(
        select(AuditEvent.result).where(AuditEvent.action == "auth.login").order_by(AuditEvent.id)
    ).all()
    assert results == ["failure", "success"]


def test_deactivated_user_cannot_log_in_and_loses_session(app, runner):
    make_user()
    client = app.test_client()
    login(client, "office1")
    result = runner.invoke(args=["user", "deactivate", "--username", "office1"])
    assert result.exit_code == 0, result.output
    assert client.get("/auth/password").status_code == 302
    assert login(app.test_client(), "office1").status_code == 200
