"""Login failures: five within ten minutes lock the account for fifteen; the message never tells; a per-IP
limit on the login form; lockouts are audited and the security administrator can unlock."""

from datetime import UTC, timedelta

from sqlalchemy import select, update

from supervision.accounts.authentication import GENERIC_FAILURE, authenticate
from supervision.accounts.models import User
from supervision.audit.models import AuditEvent
from supervision.db import utcnow
from supervision.security.services import update_policy
from tests.helpers import csrf_token, login, make_user

WRONG = "Wrong-Passw0rd"


def error_of(response) -> str:
    html = response.get_data(as_text=True)
    return html.split('alert-danger" role="alert">')[1].split("<")[0]


def locked_until(db, username: str):
    db.session.rollback()
    return db.session.scalar(select(User.locked_until).where(User.username == username))


def test_five_failures_lock_the_account_with_the_same_message(app, db):
    make_user("liaison1", roles=("liaison",))
    client = app.test_client()
    messages = {error_of(login(client, "liaison1", WRONG)) for _ in range(5)}
    until = locked_until(db, "liaison1")
    assert until is not None
    until = until if until.tzinfo else until.replace(tzinfo=UTC)
    assert timedelta(minutes=14) < until - utcnow() <= timedelta(minutes=15)
    right = login(client, "liaison1")  # the right password while locked
    assert right.status_code == 200
    messages |= {error_of(right), error_of(login(client, "nobody", WRONG))}
    assert messages == {GENERIC_FAILURE}
    assert client.get("/auth/password").status_code == 302
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "auth.lockout")).all()
    assert len(events) == 1 and events[0].object_id == str(db.session.scalar(select(User.id)))
    assert events[0].ip == "127.0.0.1" and events[0].category == "security"
    # after the lock has run out the right password works again
    db.session.execute(update(User).values(locked_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert login(client, "liaison1").status_code == 303


def test_only_failures_within_the_window_count(app, db):
    make_user("liaison1", roles=("liaison",))
    start = utcnow()
    with app.test_request_context():
        for _ in range(4):
            assert authenticate("liaison1", WRONG, start) is None
        db.session.commit()
        later = start + timedelta(minutes=11)  # the first four fell out of the ten-minute window
        assert authenticate("liaison1", WRONG, later) is None
        db.session.commit()
    assert locked_until(db, "liaison1") is None


def test_a_successful_login_resets_the_count(app, db):
    make_user("liaison1", roles=("liaison",))
    client = app.test_client()
    for _ in range(4):
        login(client, "liaison1", WRONG)
    assert login(client, "liaison1").status_code == 303
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/auth/password")})
    for _ in range(4):
        login(client, "liaison1", WRONG)
    assert locked_until(db, "liaison1") is None


def test_the_security_administrator_sees_and_lifts_lockouts(app, db):
    make_user("liaison1", roles=("liaison",))
    make_user("secadmin1", roles=("secadmin",))
    for _ in range(5):
        login(app.test_client(), "liaison1", WRONG)
    admin = app.test_client()
    login(admin, "secadmin1")
    page = admin.get("/security/lockouts").get_data(as_text=True)
    assert "<td>liaison1</td>" in page and "解除锁定" in page
    user_id = db.session.scalar(select(User.id).where(User.username == "liaison1"))
    token = csrf_token(admin, "/security/lockouts")
    assert admin.post(f"/security/lockouts/{user_id}/unlock", data={"csrf_token": token}).status_code == 303
    assert locked_until(db, "liaison1") is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.unlock"))
    assert event.username == "secadmin1" and event.object_id == str(user_id)
    assert login(app.test_client(), "liaison1").status_code == 303
    assert "<td>liaison1</td>" not in admin.get("/security/lockouts").get_data(as_text=True)


def test_the_lockout_thresholds_follow_the_policy(app, db):
    admin = make_user("secadmin1", roles=("secadmin",))
    make_user("liaison1", roles=("liaison",))
    update_policy({"max_failures": 3, "lockout_minutes": 60}, actor=admin, now=utcnow())
    db.session.commit()
    for _ in range(3):
        login(app.test_client(), "liaison1", WRONG)
    until = locked_until(db, "liaison1")
    until = until if until.tzinfo else until.replace(tzinfo=UTC)
    assert until - utcnow() > timedelta(minutes=59)


def test_one_ip_is_limited_whatever_the_usernames(app, db):
    admin = make_user("secadmin1", roles=("secadmin",))
    make_user("liaison1", roles=("liaison",))
    update_policy({"ip_max_failures": 5}, actor=admin, now=utcnow())
    db.session.commit()
    attacker = app.test_client()
    for n in range(5):
        assert login(attacker, f"guess{n}", WRONG).status_code == 200
    refused = login(attacker, "liaison1")  # even the right password, from this IP, for now
    assert refused.status_code == 429 and "登录失败次数过多" in refused.get_data(as_text=True)
    login(attacker, "liaison1")
    colleague = app.test_client()
    colleague.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    assert login(colleague, "liaison1").status_code == 303
    db.session.rollback()
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "auth.rate_limit")).all()
    assert len(events) == 1 and events[0].ip == "127.0.0.1" and events[0].result == "denied"
    failures = db.session.scalars(select(AuditEvent).where(AuditEvent.result == "failure")).all()
    assert len(failures) == 5
