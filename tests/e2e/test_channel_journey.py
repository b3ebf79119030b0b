"""The office sets a department's DingTalk robot in the browser: the secret is not shown again, and
测试发送 reaches a local robot server, signed (screenshot in test-artifacts/)."""

from __future__ import annotations

from pathlib import Path

from supervision.reminders.outbox import drain_outbox
from tests.channels.support import SECRET, TOKEN, Robot, signature_is_valid, world
from tests.e2e.conftest import browser_login
from tests.helpers import PASSWORD
from tests.reminders.support import at

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_office_sets_a_dingtalk_robot_and_its_test_message_arrives(db, live_server, page):
    department, _liaison, _office = world()
    robot = Robot().start()
    try:
        browser_login(page, live_server, "office1", PASSWORD)
        page.goto(f"{live_server}/channels/")
        page.get_by_role("link", name="设置市卫生健康委的消息渠道").click()
        card = page.locator("section", has=page.get_by_role("heading", name="钉钉 / 浙政钉机器人"))
        card.get_by_label("Webhook 地址").fill(robot.url())
        card.get_by_label("加签密钥（SEC 开头）").fill(SECRET)
        card.get_by_role("button", name="保存钉钉 / 浙政钉机器人").click()
        assert page.get_by_text("钉钉 / 浙政钉机器人已保存。").is_visible()
        card = page.locator("section", has=page.get_by_role("heading", name="钉钉 / 浙政钉机器人"))
        assert card.get_by_text("密钥：已设置").is_visible()
        assert card.get_by_label("加签密钥（SEC 开头）").input_value() == ""
        assert SECRET not in page.content() and TOKEN not in page.content()
        card.get_by_role("button", name="测试发送钉钉 / 浙政钉机器人").click()
        assert page.get_by_text("测试消息已排队").is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "channel-department.png"), full_page=True)
        db.session.rollback()
        assert drain_outbox(at("2026-12-02", 9)) == {"sent": 1}  # what the sender job does every minute
        [request] = robot.received
        assert signature_is_valid(request.query) and request.query["access_token"] == TOKEN
        assert "市卫生健康委" in request.body["markdown"]["text"]
    finally:
        robot.stop()
