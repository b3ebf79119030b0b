"""The office's manual 催办 in a real browser: pick two items, preview who gets what, send, and the message
arrives at a real SMTP server (aiosmtpd) once."""

from __future__ import annotations

from tests.e2e.conftest import ARTIFACTS, browser_login
from tests.helpers import PASSWORD
from tests.reminders.support import SmtpServer, build_world, department, free_port, text_of


def test_office_previews_and_sends_a_manual_reminder(app, runner, db, live_server, page, monkeypatch):
    port = free_port()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_SENDER", "健康办 <jkhz-office@example.gov.cn>")
    server = SmtpServer(port).start()
    try:
        build_world(runner)
        health = department("市卫生健康委").id
        browser_login(page, live_server, "office1", PASSWORD)
        page.goto(f"{live_server}/reminders/outbox")
        page.get_by_role("link", name="手动催办").click()
        page.get_by_label("只看单位").select_option(str(health))
        page.get_by_role("button", name="筛选").click()
        boxes = page.locator("input[name=item]")
        boxes.nth(0).check()
        boxes.nth(1).check()
        milestone = boxes.nth(0).get_attribute("value").split(":")[0]
        page.get_by_role("button", name="预览催办").last.click()

        page.get_by_role("heading", name="催办预览").wait_for()
        table = page.locator("table")
        assert "wjw_liaison用户" in table.inner_text() and "电子邮件 wjw@example.gov.cn" in table.inner_text()
        assert "2 项事项请尽快处理" in page.locator("details").first.inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "manual_reminder_preview_1280.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(ARTIFACTS / "manual_reminder_preview_390.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        assert not server.mailbox.messages  # a preview sends nothing

        page.get_by_role("button", name="确认发送催办").click()
        page.get_by_text("已向 2 位联络员发送催办").wait_for()
        for _ in range(2):  # the sender runs every minute; a second run sends nothing again
            assert runner.invoke(args=["outbox", "send"]).exit_code == 0
        [mail] = server.mailbox.to("wjw@example.gov.cn", "办公室催办")
        assert text_of(mail).count("/milestones/") == 2

        page.goto(f"{live_server}/milestones/{milestone}")
        history = page.locator("table", has_text="办公室催办")
        history.wait_for()
        assert "电子邮件已发送" in history.inner_text()
        page.screenshot(path=str(ARTIFACTS / "manual_reminder_history_1280.png"), full_page=True)
    finally:
        server.stop()
