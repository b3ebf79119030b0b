"""Security headers on every page; no inline script or style in any page template; HSTS over HTTPS;
the reverse proxy's forwarded headers are trusted only when configured."""

import re

from sqlalchemy import select

from supervision.audit.models import AuditEvent
from supervision.config import ROOT
from tests.conftest import make_test_app
from tests.helpers import csrf_token, login, make_user

NOT_SERVED = {"email", "pdf"}  # rendered for mail clients and WeasyPrint, never sent to a browser


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";")}


def test_pages_carry_the_security_headers(app, db):
    make_user("liaison1", roles=("liaison",))
    client = app.test_client()
    for response in (client.get("/auth/login"), login(client, "liaison1"), client.get("/auth/password")):
        csp = directives(response)
        assert csp["default-src"] == "default-src 'self'"
        assert (
            csp["script-src"] == "script-src 'self'"
            and "unsafe-inline" not in response.headers["Content-Security-Policy"]
        )
        assert csp["frame-ancestors"] == "frame-ancestors 'none'" and csp["object-src"] == "object-src 'none'"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in response.headers  # plain HTTP
    assert client.get("/auth/password").headers["Cache-Control"] == "no-store"


def test_no_template_served_to_a_browser_has_inline_script_or_style():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        if set(path.relative_to(ROOT / "templates").parts) & NOT_SERVED:
            continue
        html = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) or re.search(r"<style\b", html):
            offenders.append(f"{path.name}: inline <script> or <style>")
        if re.search(r"\sstyle\s*=", html) or re.search(r"\son[a-z]+\s*=", html):
            offenders.append(f"{path.name}: style= or on...= attribute")
        if "javascript:" in html:
            offenders.append(f"{path.name}: javascript: URL")
    assert offenders == []


def test_hsts_over_https(app, db):
    response = app.test_client().get("/auth/login", base_url="https://jkhz.example.gov.cn")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_forwarded_headers_are_ignored_without_a_configured_proxy(app, db):
    client = app.test_client()
    headers = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    token = csrf_token(client)
    client.post("/auth/login", data={"username": "x", "password": "Wrong-1a", "csrf_token": token}, headers=headers)
    db.session.rollback()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.login"))
    assert event.ip == "127.0.0.1"  # a made-up header cannot dodge the per-IP limit
    assert "Strict-Transport-Security" not in client.get("/auth/login", headers=headers).headers


def test_behind_one_proxy_the_client_ip_and_https_come_from_it(app, db):
    make_user("liaison1", roles=("liaison",))
    behind = make_test_app(SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"], TRUSTED_PROXY_COUNT=1)
    client = behind.test_client()
    headers = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    page = client.get("/auth/login", headers=headers)
    assert page.headers["Strict-Transport-Security"]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True)).group(1)
    response = client.post(
        "/auth/login",
        data={"username": "liaison1", "password": "Wrong-Passw0rd", "csrf_token": token},
        headers={**headers, "Referer": "https://localhost/auth/login"},  # Flask-WTF checks it over HTTPS
    )
    assert response.status_code == 200
    db.session.rollback()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.login"))
    assert event.ip == "203.0.113.9"
    with behind.app_context():
        db.engine.dispose()
