"""Each channel against a local HTTP server: the DingTalk signature and markdown, the 企业微信 markdown, the
SMS gateway's template parameters, the department's own webhook; an outage and a robot's refusal are
retried and the message arrives once."""

import hashlib
import hmac
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from supervision.channels.services import ChannelInput, save_channel
from supervision.extensions import db
from supervision.reminders.models import OutboxMessage
from supervision.reminders.outbox import drain_outbox
from tests.channels.support import SECRET, TOKEN, Robot, queue_reminder, signature_is_valid, world
from tests.reminders.support import at

DAY = date(2026, 12, 2)


@pytest.fixture
def robot():
    server = Robot().start()
    yield server
    server.stop()


def outbox(channel):
    db.session.rollback()
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.channel == channel)).all()


def test_a_reminder_reaches_the_departments_dingtalk_robot_signed_and_in_markdown(robot):
    department, liaison, office = world()
    save_channel(department, "dingtalk", ChannelInput(url=robot.url(), secret=SECRET), actor=office)
    db.session.commit()
    queue_reminder(liaison, DAY)
    assert {m.channel for m in outbox("dingtalk")} == {"dingtalk"}
    assert drain_outbox(at("2026-12-02", 9)) == {"sent": 1}
    [request] = robot.received
    assert request.path == "/robot/send" and request.query["access_token"] == TOKEN
    assert signature_is_valid(request.query)
    assert not signature_is_valid(request.query, secret="another secret")
    assert request.body["msgtype"] == "markdown"
    markdown = request.body["markdown"]
    assert markdown["title"].startswith("【健康杭州督办】催办提醒")
    assert markdown["text"].startswith("#### 【健康杭州督办】催办提醒")
    assert "健康细胞建设：第三季度进展未报送" in markdown["text"] and "王联络" in markdown["text"]
    assert markdown["text"].endswith("@13900001111")  # the liaison is mentioned in the group
    assert request.body["at"] == {"isAtAll": False, "atMobiles": ["13900001111"]}
    [message] = outbox("dingtalk")
    assert message.status == "sent" and message.last_error is None
    queue_reminder(liaison, DAY)  # the same letter again that day: nothing new is queued or sent
    assert not drain_outbox(at("2026-12-02", 10)) and len(robot.received) == 1


def test_wecom_robot_gets_its_markdown_message(robot):
    department, liaison, office = world()
    url = robot.url("/cgi-bin/webhook/send", "key=wecom-key-123")
    save_channel(department, "wecom", ChannelInput(url=url, secret="ignored"), actor=office)
    db.session.commit()
    queue_reminder(liaison, DAY)
    assert drain_outbox(at("2026-12-02", 9)) == {"sent": 1}
    [request] = robot.received
    assert request.query == {"key": "wecom-key-123"}
    assert set(request.body) == {"msgtype", "markdown"} and request.body["msgtype"] == "markdown"
    assert set(request.body["markdown"]) == {"content"}
    content = request.body["markdown"]["content"]
    assert content.startswith("#### 【健康杭州督办】催办提醒") and "第三季度进展未报送" in content


def test_sms_gateway_gets_the_template_id_and_its_parameters(robot):
    department, liaison, office = world()
    options = {
        "template_id": "SMS_260915",
        "phone_field": "mobile",
        "template_field": "templateCode",
        "params_field": "templateParam",
        "params": "name={name}\ntitle={subject}\nwhen={day}",
        "result_field": "code",
        "result_ok": "OK",
    }
    robot.answer = {"code": "OK"}
    save_channel(
        department, "sms", ChannelInput(url=robot.url("/sms", ""), secret="gateway-key", options=options), actor=office
    )
    db.session.commit()
    queue_reminder(liaison, DAY)
    assert drain_outbox(at("2026-12-02", 9)) == {"sent": 1}
    [request] = robot.received
    [message] = outbox("sms")
    assert request.body == {
        "mobile": "13900001111",
        "templateCode": "SMS_260915",
        "templateParam": {"name": "王联络", "title": message.subject, "when": "2026年12月2日"},
    }
    assert request.headers["Authorization"] == "Bearer gateway-key"
    assert request.headers["Idempotency-Key"] == message.key
    queue_reminder(office, DAY)  # the office user is of another department: no SMS for them
    assert len(outbox("sms")) == 1


def test_an_sms_gateways_refusal_is_retried(robot):
    department, liaison, office = world()
    options = {"template_id": "SMS_1", "params": "name={name}", "result_field": "code", "result_ok": "OK"}
    save_channel(department, "sms", ChannelInput(url=robot.url("/sms", ""), options=options), actor=office)
    db.session.commit()
    queue_reminder(liaison, DAY)
    robot.answer = {"code": "isv.BUSINESS_LIMIT_CONTROL"}
    assert drain_outbox(at("2026-12-02", 9)) == {"retry": 1}
    assert "短信网关拒收" in outbox("sms")[0].last_error
    assert robot.received[0].body == {"phone": "13900001111", "template_id": "SMS_1", "params": {"name": "王联络"}}


def test_robot_down_the_message_waits_with_a_chinese_reason_then_arrives_once():
    department, liaison, office = world()
    robot = Robot()  # not started: nothing listens on its port
    save_channel(department, "dingtalk", ChannelInput(url=robot.url(), secret=SECRET), actor=office)
    db.session.commit()
    queue_reminder(liaison, DAY)
    assert drain_outbox(at("2026-12-02", 9)) == {"retry": 1}
    [message] = outbox("dingtalk")
    assert (message.status, message.attempts) == ("pending", 1)
    assert message.last_error.startswith("无法连接钉钉机器人")
    robot.start()
    try:
        assert not drain_outbox(at("2026-12-02", 9, 1))  # backing off: two minutes after the first attempt
        assert drain_outbox(at("2026-12-02", 9, 3)) == {"sent": 1}
        assert not drain_outbox(at("2026-12-02", 12))
        assert len(robot.received) == 1 and signature_is_valid(robot.received[0].query)
        assert outbox("dingtalk")[0].status == "sent"
    finally:
        robot.stop()


def test_a_robots_error_answer_is_a_failed_delivery_that_is_retried(robot):
    department, liaison, office = world()
    save_channel(department, "dingtalk", ChannelInput(url=robot.url(), secret=SECRET), actor=office)
    db.session.commit()
    queue_reminder(liaison, DAY)
    robot.answer = {"errcode": 310000, "errmsg": "sign not match"}
    assert drain_outbox(at("2026-12-02", 9)) == {"retry": 1}
    [message] = outbox("dingtalk")
    assert message.status == "pending"
    assert "钉钉机器人拒收" in message.last_error and "310000" in message.last_error
    robot.answer = {"errcode": 0, "errmsg": "ok"}
    assert drain_outbox(at("2026-12-02", 9) + timedelta(minutes=3)) == {"sent": 1}
    assert len(robot.received) == 2 and outbox("dingtalk")[0].last_error is None


def test_the_departments_own_webhook_is_used_and_signed(robot):
    department, liaison, office = world()
    save_channel(department, "webhook", ChannelInput(url=robot.url("/hook", ""), secret="hook-secret"), actor=office)
    db.session.commit()
    queue_reminder(liaison, DAY)
    assert drain_outbox(at("2026-12-02", 9)) == {"sent": 1}
    [request] = robot.received
    assert request.body["to"]["phone"] == "13900001111" and request.body["kind"] == "reminder"
    expected = hmac.new(b"hook-secret", request.raw, hashlib.sha256).hexdigest()
    assert request.headers["X-Signature"] == f"sha256={expected}"


def test_a_disabled_channel_queues_nothing(robot):
    department, liaison, office = world()
    save_channel(department, "dingtalk", ChannelInput(url=robot.url(), secret=SECRET, enabled=False), actor=office)
    db.session.commit()
    queue_reminder(liaison, DAY)
    assert outbox("dingtalk") == []
