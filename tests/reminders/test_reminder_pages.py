"""The notification bell, the notification list, marking as read, and the office's policy page."""

import re

from sqlalchemy import func, select

from supervision.audit.models import AuditEvent
from supervision.reminders.models import Notification
from supervision.reminders.policy import current_policy
from tests.helpers import login, post_form
from tests.reminders.support import approve_milestones, build_world
from tests.reminders.test_reminder_daily import run


def unread_badge(client):
    match = re.search(r'data-unread="(\d+)"', client.get("/reminders/").get_data(as_text=True))
    return int(match.group(1)) if match else 0


def test_bell_list_and_marking_as_read(app, runner, db):
    users = build_world(runner)
    approve_milestones("Q1", "Q2")
    run(runner, "2025-09-30")  # a reminder and the weekly digest
    liaison, other = app.test_client(), app.test_client()
    login(liaison, "wjw_liaison")
    login(other, "sfj_liaison")
    assert unread_badge(liaison) == 2
    html = liaison.get("/reminders/").get_data(as_text=True)
    assert "催办提醒（2025年9月30日）" in html and "每周待办汇总" in html and "/milestones/" in html
    ids = db.session.scalars(
        select(Notification.id).where(Notification.user_id == users["wjw_liaison"].id).order_by(Notification.id)
    ).all()
    assert post_form(other, f"/reminders/{ids[0]}/read", {}).status_code == 404  # not theirs
    assert post_form(liaison, f"/reminders/{ids[0]}/read", {}).status_code == 303
    assert unread_badge(liaison) == 1
    post_form(liaison, "/reminders/read-all", {})
    assert unread_badge(liaison) == 0 and unread_badge(other) == 2


def test_policy_page_is_the_offices_and_changes_the_rules(app, runner, db):
    build_world(runner)
    office, liaison = app.test_client(), app.test_client()
    login(office, "office1")
    login(liaison, "wjw_liaison")
    assert liaison.get("/reminders/policy").status_code == 403
    assert "催办管理" not in liaison.get("/").get_data(as_text=True)
    page = office.get("/reminders/policy").get_data(as_text=True)
    assert 'value="5,2,1"' in page and "催办管理" in page
    form = {"before_days": "7、3", "overdue_every": "3", "escalate_after": "10", "daily_digest": "y"}
    assert post_form(office, "/reminders/policy", form, "/reminders/policy").status_code == 303
    db.session.rollback()
    policy = current_policy()
    assert (policy.before_days, policy.on_due_day, policy.overdue_every, policy.escalate_after) == ("7,3", False, 3, 10)
    assert policy.daily_digest and not policy.weekly_digest
    assert db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "reminder_policy.update")
    )
    response = post_form(office, "/reminders/policy", form | {"before_days": "七天"}, "/reminders/policy")
    assert response.status_code == 200 and "1 到 30 之间的整数" in response.get_data(as_text=True)
    response = post_form(office, "/reminders/policy", form | {"overdue_every": "0"}, "/reminders/policy")
    assert response.status_code == 200 and "应为 1 到 30" in response.get_data(as_text=True)
    db.session.rollback()
    assert current_policy().before_days == "7,3"
