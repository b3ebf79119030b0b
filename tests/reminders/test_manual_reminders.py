"""催办 by hand: the office picks items or a unit, previews recipients and text (nothing changes), sends once
through the outbox to a real SMTP server; the milestone page shows the item's 催办 history."""

import re

from sqlalchemy import func, select

from supervision.audit.models import AuditEvent
from supervision.extensions import db
from supervision.reminders.models import Notification, OutboxMessage, ReminderRecord
from supervision.reminders.views import manual as manual_views
from tests.helpers import login, post_form
from tests.reminders.support import build_world, department, text_of
from tests.reminders.test_reminder_daily import send

PAGE = "/reminders/manual"


def counts():
    db.session.rollback()
    return [
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Notification, OutboxMessage, ReminderRecord, AuditEvent)
    ]


def office_client(app):
    client = app.test_client()
    login(client, "office1")
    return client


def items_of(client, unit_name):
    """The checkbox values of one unit's items on the selection page."""
    html = client.get(f"{PAGE}?department={department(unit_name).id}").get_data(as_text=True)
    return re.findall(r'name="item" value="(\d+:\d+)"', html)


def test_preview_shows_recipients_and_text_and_changes_nothing(app, runner, db):
    build_world(runner)
    office = office_client(app)
    keys = items_of(office, "市卫生健康委")[:2]
    assert len(keys) == 2
    before = counts()
    response = post_form(office, f"{PAGE}/preview", {"item": keys}, PAGE)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "wjw_liaison用户" in html and "电子邮件 wjw@example.gov.cn" in html and "wjw_quiet用户" in html
    assert "sfj_liaison用户" not in html  # only the liaisons of the unit concerned
    assert "办公室催办（" in html and "2 项事项请尽快处理" in html and "将发送" in html
    assert counts() == before


def test_sending_reaches_the_smtp_server_exactly_once_and_shows_in_the_history(app, runner, db, smtp):
    build_world(runner)
    office = office_client(app)
    keys = items_of(office, "市卫生健康委")[:2]
    response = post_form(office, f"{PAGE}/send", {"item": keys}, PAGE, follow_redirects=True)
    assert "已向 2 位联络员发送催办" in response.get_data(as_text=True)
    send(runner)
    send(runner)
    [mail] = smtp.mailbox.to("wjw@example.gov.cn", "办公室催办")
    assert "领导小组办公室" in text_of(mail) and text_of(mail).count("/milestones/") == 2
    again = post_form(office, f"{PAGE}/send", {"item": keys}, PAGE, follow_redirects=True).get_data(as_text=True)
    assert "今日已收到办公室催办" in again
    send(runner)
    assert len(smtp.mailbox.to("wjw@example.gov.cn", "办公室催办")) == 1
    db.session.rollback()
    assert (
        db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "reminders.manual"))
        == 1
    )
    milestone_id = keys[0].split(":")[0]
    page = office.get(f"/milestones/{milestone_id}").get_data(as_text=True)
    assert "催办记录" in page and "办公室催办" in page and "wjw_liaison用户（站内通知、电子邮件已发送）" in page
    liaison = app.test_client()
    login(liaison, "sfj_liaison")  # another unit's liaison does not see this unit's reminders
    assert "wjw_liaison用户" not in liaison.get(f"/milestones/{milestone_id}").get_data(as_text=True)


def test_a_whole_unit_can_be_reminded(app, runner, db, smtp):
    build_world(runner)
    office = office_client(app)
    listed = len(items_of(office, "市司法局"))
    html = post_form(office, f"{PAGE}/preview", {"department": department("市司法局").id}, PAGE).get_data(as_text=True)
    assert "sfj_liaison用户" in html and f"{listed} 项事项" in html
    post_form(office, f"{PAGE}/send", {"department": department("市司法局").id}, PAGE)
    send(runner)
    assert len(smtp.mailbox.to("sfj@example.gov.cn", "办公室催办")) == 1


def test_bad_input_gets_a_chinese_message_and_changes_nothing(app, runner, db):
    build_world(runner)
    office = office_client(app)
    before = counts()
    for form, message in (
        ({}, "请至少勾选一个事项，或选择一个单位。"),
        ({"department": "999999"}, "所选单位不存在"),
        ({"department": "市卫生健康委"}, "所选单位不存在"),
        ({"item": ["abc"]}, "所选事项无效"),
        ({"item": ["999999:1"]}, "没有需要催办的事项"),
    ):
        for path in ("preview", "send"):
            response = post_form(office, f"{PAGE}/{path}", form, PAGE, follow_redirects=True)
            assert message in response.get_data(as_text=True), (form, path)
    assert counts()[:3] == before[:3]
    liaison = app.test_client()
    login(liaison, "wjw_liaison")
    assert liaison.get(PAGE).status_code == 403


def test_a_long_list_shows_the_earliest_due_and_says_how_many_there_are(app, runner, db, monkeypatch):
    build_world(runner)
    office = office_client(app)
    monkeypatch.setattr(manual_views, "MAX_ROWS", 10**6)
    everything = re.findall(r'name="item" value="(\d+:\d+)"', office.get(PAGE).get_data(as_text=True))
    assert len(everything) > 2
    monkeypatch.setattr(manual_views, "MAX_ROWS", 2)
    html = office.get(PAGE).get_data(as_text=True)
    assert re.findall(r'name="item" value="(\d+:\d+)"', html) == everything[:2]
    assert f"共 {len(everything)} 项，下表列出最早到期的 2 项" in html
    unit = department("市卫生健康委")
    assert f'<option value="{unit.id}"' in html  # a unit's whole list stays one choice away
