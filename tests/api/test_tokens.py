"""Tokens: shown once and stored hashed, revocable, expiring, audited per call, rate-limited, and kept
apart from the web UI's session cookie."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from sqlalchemy import select

from supervision.api.models import ApiToken
from supervision.api.services import TOKEN_PREFIX
from supervision.audit.models import AuditEvent
from supervision.extensions import db
from tests.api.conftest import bearer
from tests.helpers import login, make_department, make_user, post_form


def test_cli_creates_a_token_shown_once_and_stored_hashed(runner):
    make_department("市卫生健康委")
    result = runner.invoke(
        args=[
            "api",
            "token",
            "create",
            "--name",
            "城市大脑",
            "--scope",
            "write",
            "--department",
            "市卫生健康委",
            "--days",
            "90",
        ]
    )
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    assert secret.startswith(TOKEN_PREFIX) and len(secret) > 40
    token = db.session.scalar(select(ApiToken))
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in (token.prefix, token.token_hash)
    listing = runner.invoke(args=["api", "token", "list"])
    assert "城市大脑" in listing.output and "市卫生健康委" in listing.output and secret not in listing.output
    assert runner.invoke(args=["api", "token", "revoke", "--name", "城市大脑"]).exit_code == 0
    assert "已吊销" in runner.invoke(args=["api", "token", "list"]).output


def test_cli_refuses_bad_input_in_chinese_and_creates_nothing(runner):
    bad = [
        ["--name", "x", "--scope", "write"],  # a write token must act for a department
        ["--name", "x", "--scope", "read", "--department", "不存在的部门"],
        ["--name", "x", "--scope", "read", "--days", "0"],
    ]
    for args in bad:
        result = runner.invoke(args=["api", "token", "create", *args])
        assert result.exit_code != 0 and re.search(r"[\u4e00-\u9fff]", result.output)
    assert db.session.scalar(select(ApiToken)) is None


def test_unauthenticated_revoked_and_expired_tokens_get_401_json(client, make_token):
    for headers in ({}, bearer("hzdb_wrong"), {"Authorization": "Basic abc"}):
        response = client.get("/api/v1/tasks", headers=headers)
        assert response.status_code == 401
        assert response.json["code"] == "unauthorized" and "令牌" in response.json["message"]
    secret = make_token("旧系统")
    assert client.get("/api/v1/tasks", headers=bearer(secret)).status_code == 200
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "旧系统"))
    token.expires_at = token.created_at - timedelta(seconds=1)
    db.session.commit()
    assert client.get("/api/v1/tasks", headers=bearer(secret)).status_code == 401
    revoked = make_token("被吊销")
    assert runner_revoke(revoked) is None
    assert client.get("/api/v1/tasks", headers=bearer(revoked)).status_code == 401


def runner_revoke(secret: str):
    token = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == hashlib.sha256(secret.encode()).hexdigest())
    )
    token.revoked_at = token.created_at
    db.session.commit()


def test_every_call_is_audited_with_the_token_name(client, make_token):
    secret = make_token("统计平台")
    client.get("/api/v1/plans", headers=bearer(secret))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "api.call"))
    assert event.username == "api:统计平台" and event.detail == "GET /api/v1/plans 200"
    token = db.session.scalar(select(ApiToken))
    assert token.last_used_at is not None


def test_calls_are_rate_limited_per_token(app, client, make_token):
    app.config["API_RATE_LIMIT"] = "3/minute"
    try:
        first, second = make_token("甲系统"), make_token("乙系统")
        statuses = [client.get("/api/v1/plans", headers=bearer(first)).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = client.get("/api/v1/plans", headers=bearer(first))
        assert limited.json["code"] == "rate_limited" and "频繁" in limited.json["message"]
        assert client.get("/api/v1/plans", headers=bearer(second)).status_code == 200
    finally:
        app.config["API_RATE_LIMIT"] = "120/minute"


def test_a_session_cookie_never_authorises_an_api_call(client):
    make_user("office1", roles=("office",))
    login(client, "office1")
    home = client.get("/")
    assert "/auth/login" not in home.headers.get("Location", "")  # the web session works
    assert client.get("/api/v1/tasks").status_code == 401
    put = client.put("/api/v1/milestones/1/report", json={"version": None})
    assert put.status_code == 401


def test_a_token_never_opens_a_web_page(client, make_token):
    secret = make_token("统计平台")
    response = client.get("/tasks/", headers=bearer(secret))
    assert response.status_code in (302, 303) and "/auth/login" in response.headers["Location"]


def test_the_sysadmin_creates_lists_and_revokes_tokens_on_a_page(client):
    make_department("市卫生健康委")
    make_user("sys1", roles=("sysadmin",))
    login(client, "sys1")
    page = client.get("/admin/api-tokens/")
    assert page.status_code == 200 and "新建令牌" in page.get_data(as_text=True)
    created = post_form(
        client,
        "/admin/api-tokens/",
        {"name": "城市大脑", "scope": "write", "departments": ["市卫生健康委"], "days": "30"},
        form_path="/admin/api-tokens/",
    )
    html = created.get_data(as_text=True)
    secret = re.search(r'id="new-token">([^<]+)<', html).group(1)
    assert secret.startswith(TOKEN_PREFIX) and created.headers["Cache-Control"] == "no-store"
    again = client.get("/admin/api-tokens/").get_data(as_text=True)
    assert "城市大脑" in again and secret not in again
    bad = post_form(
        client, "/admin/api-tokens/", {"name": "无部门", "scope": "write", "days": "30"}, form_path="/admin/api-tokens/"
    )
    assert "须指定可代表的部门" in bad.get_data(as_text=True)
    token = db.session.scalar(select(ApiToken))
    post_form(client, f"/admin/api-tokens/{token.id}/revoke", {}, form_path="/admin/api-tokens/")
    assert client.get("/api/v1/plans", headers=bearer(secret)).status_code == 401


def test_only_the_sysadmin_reaches_the_token_page(client):
    make_user("office1", roles=("office",))
    login(client, "office1")
    assert client.get("/admin/api-tokens/").status_code == 403
