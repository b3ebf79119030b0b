"""The office's channel page: secrets are stored encrypted and never shown again (已设置, replace or
remove), bad input is refused in Chinese and changes nothing, other roles are refused, 测试发送 queues a
message that the outbox delivers to the department's robot."""

import json

import pytest
from sqlalchemy import func, select

from supervision.audit.models import AuditEvent
from supervision.channels.lookup import department_destinations
from supervision.channels.models import DepartmentChannel
from supervision.extensions import db
from supervision.reminders.models import OutboxMessage
from supervision.reminders.outbox import drain_outbox
from tests.channels.support import SECRET, TOKEN, Robot, signature_is_valid, world
from tests.helpers import login, post_form
from tests.reminders.support import at


@pytest.fixture
def robot():
    server = Robot().start()
    yield server
    server.stop()


@pytest.fixture
def office(app, db):
    department, liaison, office_user = world()
    client = app.test_client()
    login(client, "office1")
    return client, department


def page(client, department):
    return client.get(f"/channels/{department.id}").get_data(as_text=True)


def save(client, department, kind, **fields):
    data = {f"{kind}-{name}": value for name, value in fields.items()}
    return post_form(client, f"/channels/{department.id}/{kind}", data, form_path=f"/channels/{department.id}")


def channel(department, kind="dingtalk"):
    db.session.rollback()
    return db.session.scalar(
        select(DepartmentChannel).where(
            DepartmentChannel.department_id == department.id, DepartmentChannel.kind == kind
        )
    )


def test_the_secret_is_stored_encrypted_and_never_shown_again(office, robot):
    client, department = office
    response = save(client, department, "dingtalk", url=robot.url(), secret=SECRET, enabled="y")
    assert response.status_code == 303
    html = page(client, department)
    assert "钉钉 / 浙政钉机器人已保存" in html and "密钥：已设置" in html
    assert SECRET not in html and TOKEN not in html  # neither the secret nor the address's token
    assert f"127.0.0.1:{robot.port}/robot/send?…" in html
    row = channel(department)
    assert SECRET not in row.secret_sealed and TOKEN not in row.url_sealed
    assert department_destinations(department.id)["dingtalk"].secret == SECRET
    events = db.session.scalars(select(AuditEvent)).all()
    audit = " ".join(json.dumps([e.before, e.after], ensure_ascii=False) for e in events)
    assert "channel.save" in {e.action for e in events}
    assert SECRET not in audit and TOKEN not in audit

    save(client, department, "dingtalk", url="", secret="", enabled="y")  # blank keeps both
    kept = department_destinations(department.id)["dingtalk"]
    assert (kept.url, kept.secret) == (robot.url(), SECRET)
    save(client, department, "dingtalk", url="", secret="SECnew", enabled="y")  # replaced
    assert department_destinations(department.id)["dingtalk"].secret == "SECnew"
    save(client, department, "dingtalk", url="", secret="", clear_secret="y", enabled="y")  # removed
    assert department_destinations(department.id)["dingtalk"].secret is None
    assert "密钥：已设置" not in page(client, department)


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        ("dingtalk", {"url": "ftp://robot.example/send", "secret": "SEC1"}, "地址应以 http:// 或 https:// 开头"),
        ("dingtalk", {"url": "", "secret": "SEC1"}, "地址应以 http:// 或 https:// 开头"),
        ("sms", {"url": "https://sms.example/send", "template_id": ""}, "请填写短信模板编号"),
        ("sms", {"url": "https://sms.example/send", "template_id": "T1", "params": "name={password}"}, "可用的占位符"),
        ("sms", {"url": "https://sms.example/send", "template_id": "T1", "phone_field": "手机"}, "字段名只能由"),
        ("webhook", {"url": "https://hook.example/x", "secret": "a b"}, "密钥无效"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(office, kind, fields, message):
    client, department = office
    response = save(client, department, kind, **fields)
    assert response.status_code == 303
    assert message in page(client, department)
    assert channel(department, kind) is None
    saves = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "channel.save")
    assert db.session.scalar(saves) == 0


def test_only_the_office_sets_channels(app, office):
    _client, department = office
    liaison = app.test_client()
    login(liaison, "wjw_liaison")
    assert liaison.get("/channels/").status_code == 403
    assert liaison.get(f"/channels/{department.id}").status_code == 403
    response = post_form(liaison, f"/channels/{department.id}/dingtalk", {"dingtalk-url": "https://x.example/"})
    assert response.status_code == 403 and channel(department) is None


def test_test_send_queues_a_message_the_outbox_delivers_to_the_robot(office, robot):
    client, department = office
    form = f"/channels/{department.id}"
    response = post_form(client, f"/channels/{department.id}/dingtalk/test", {}, form_path=form)
    assert "该渠道尚未设置" in page(client, department) and response.status_code == 303
    save(client, department, "dingtalk", url=robot.url(), secret=SECRET, enabled="y")
    post_form(client, f"/channels/{department.id}/dingtalk/test", {}, form_path=form)
    assert "测试消息已排队" in page(client, department)
    db.session.rollback()
    [message] = db.session.scalars(select(OutboxMessage)).all()
    assert (message.kind, message.channel, message.department_id) == ("channel_test", "dingtalk", department.id)
    assert drain_outbox(at("2026-12-02", 9)) == {"sent": 1}
    [request] = robot.received
    assert signature_is_valid(request.query)
    assert "市卫生健康委" in request.body["markdown"]["text"] and "测试" in request.body["markdown"]["title"]
    post_form(client, f"/channels/{department.id}/dingtalk/test", {}, form_path=form)  # again the same day
    assert drain_outbox(at("2026-12-02", 9, 5)) == {"sent": 1}
    assert len(robot.received) == 2
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1  # the one key, sent again


def test_the_overview_lists_departments_and_what_is_set(office, robot):
    client, department = office
    save(client, department, "wecom", url=robot.url("/cgi-bin/webhook/send", "key=k"), enabled="y")
    html = client.get("/channels/").get_data(as_text=True)
    assert "市卫生健康委" in html and "已设置" in html and "企业微信群机器人" in html
    post_form(client, f"/channels/{department.id}/wecom/remove", {}, form_path=f"/channels/{department.id}")
    assert channel(department, "wecom") is None
