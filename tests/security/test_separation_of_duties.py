"""三员分立: the sysadmin manages accounts but reads no audit log and touches no business data; the
secadmin sets the security policy and lifts lockouts; the auditor only reads the log. Refusals are audited."""

import re

import pytest
from sqlalchemy import select

from supervision.accounts.models import User
from supervision.accounts.services import create_user
from supervision.audit.models import AuditEvent
from supervision.errors import DomainError
from supervision.security.models import SecurityPolicy
from tests.helpers import csrf_token, login, make_department, make_user


def logged_in(app, username, role):
    make_user(username, roles=(role,))
    client = app.test_client()
    assert login(client, username).status_code == 303
    return client


def post(client, path, data=None, page="/auth/password"):
    return client.post(path, data={"csrf_token": csrf_token(client, page), **(data or {})})


def test_sysadmin_creates_an_account_that_must_change_its_password(app, db):
    admin = logged_in(app, "sysadmin1", "sysadmin")
    dept_id = db.session.scalar(select(User.department_id))
    page = admin.get("/admin/users/new").get_data(as_text=True)
    assert "系统管理员" not in page.split("角色")[-1].split("</fieldset>")[0]  # only business roles offered
    response = post(
        admin,
        "/admin/users/new",
        {"username": "zhang", "display_name": "张三", "department": dept_id, "roles": ["liaison"]},
        "/admin/users/new",
    )
    assert response.status_code == 303
    flashed = admin.get("/admin/users/").get_data(as_text=True)
    password = re.search(r"初始密码：(\S+?)（", flashed).group(1)
    assert "zhang" in flashed
    assert login(app.test_client(), "zhang", password).headers["Location"] == "/auth/login/new-password"
    refused = post(
        admin,
        "/admin/users/new",
        {"username": "boss", "display_name": "x", "department": dept_id, "roles": ["auditor"]},
        "/admin/users/new",
    )
    assert refused.status_code == 200 and db.session.scalar(select(User).where(User.username == "boss")) is None


def test_sysadmin_resets_and_deactivates_business_accounts_only(app, db):
    admin = logged_in(app, "sysadmin1", "sysadmin")
    user = make_user("liaison1", roles=("liaison",), totp=True)
    auditor = make_user("auditor1", roles=("auditor",))
    assert post(admin, f"/admin/users/{user.id}/reset-password").status_code == 303
    db.session.rollback()
    assert db.session.get(User, user.id).must_change_password is True
    assert post(admin, f"/admin/users/{user.id}/reset-two-factor").status_code == 303
    assert post(admin, f"/admin/users/{user.id}/deactivate").status_code == 303
    db.session.rollback()
    changed = db.session.get(User, user.id)
    assert changed.active is False and changed.totp_secret is None
    for action in ("reset-password", "reset-two-factor", "deactivate"):
        assert post(admin, f"/admin/users/{auditor.id}/{action}").status_code == 403, action
    db.session.rollback()
    assert db.session.get(User, auditor.id).active is True


def test_sysadmin_cannot_read_the_audit_log_or_business_pages(app, db):
    admin = logged_in(app, "sysadmin1", "sysadmin")
    for path in ("/audit/", "/audit/export.csv", "/plans/", "/work/", "/security/policy"):
        assert admin.get(path).status_code == 403, path


def test_secadmin_sets_the_policy_and_nothing_else(app, db):
    sec = logged_in(app, "secadmin1", "secadmin")
    form = sec.get("/security/policy").get_data(as_text=True)
    assert "会话空闲超时" in form and 'value="30"' in form
    values = {
        "max_failures": "4",
        "failure_window_minutes": "10",
        "lockout_minutes": "30",
        "ip_max_failures": "50",
        "idle_timeout_minutes": "20",
        "absolute_timeout_hours": "8",
        "admin_password_max_age_days": "60",
        "user_password_max_age_days": "180",
        "require_2fa_for_all": "y",
    }
    assert post(sec, "/security/policy", values, "/security/policy").status_code == 303
    db.session.rollback()
    policy = db.session.get(SecurityPolicy, 1)
    assert (policy.max_failures, policy.idle_timeout_minutes, policy.require_2fa_for_all) == (4, 20, True)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "security.policy"))
    assert event.before["idle_timeout_minutes"] == 30 and event.after["idle_timeout_minutes"] == 20
    html = post(sec, "/security/policy", {**values, "idle_timeout_minutes": "1"}, "/security/policy")
    assert "须为 5 到 240 之间的整数" in html.get_data(as_text=True)
    for path in ("/admin/users/", "/audit/", "/plans/"):
        assert sec.get(path).status_code == 403, path


def test_auditor_only_reads_the_log(app, db):
    auditor = logged_in(app, "auditor1", "auditor")
    assert auditor.get("/audit/").status_code == 200 and auditor.get("/audit/verify").status_code == 200
    for path in ("/admin/users/", "/security/policy", "/security/lockouts", "/plans/", "/work/"):
        assert auditor.get(path).status_code == 403, path


def test_an_administrator_role_is_held_alone(db):
    make_department()
    for roles in (["sysadmin", "auditor"], ["auditor", "office"], ["secadmin", "liaison"]):
        with pytest.raises(DomainError, match="三员分立"):
            create_user(username="x", password="Good-Pass1", department_name="市卫生健康委", roles=roles)


def test_refusals_are_audited_with_user_ip_and_path(app, db):
    admin = logged_in(app, "sysadmin1", "sysadmin")
    assert admin.get("/audit/?q=secret").status_code == 403
    assert post(admin, "/tasks/1/assign", {"lead": ["1"]}).status_code == 403
    db.session.rollback()
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "access.denied")).all()
    assert [(e.result, e.username, e.ip, e.category) for e in events] == [
        ("denied", "sysadmin1", "127.0.0.1", "security")
    ] * 2
    assert events[0].detail.startswith("GET /audit/") and events[1].detail.startswith("POST /tasks/1/assign")
    assert events[1].object_id == "tasks.assign"
