"""From a 督办通知单 the office opens 整改, the department's liaison answers with a file, the office accepts
(销号); screenshots in test-artifacts/."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from supervision.rectification.models import Rectification
from tests.builders import PDF
from tests.e2e.conftest import browser_login
from tests.helpers import PASSWORD
from tests.rectification.builders import make_world

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def new_page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def test_notice_to_rectification_answered_and_accepted(app, db, live_server, browser):
    world = make_world()
    ARTIFACTS.mkdir(exist_ok=True)
    context, page = new_page(browser)
    try:
        browser_login(page, live_server, "office1", PASSWORD)
        page.goto(f"{live_server}/reminders/notices/")
        page.get_by_role("link", name="发起整改").click()
        assert page.get_by_text(f"整改来源：督办通知单 · {world.notice.code}").is_visible()
        page.get_by_label("整改要求").fill("补报第三季度进展，说明逾期原因并提出整改措施。")
        page.get_by_label("整改期限（工作日）").fill("10")
        page.screenshot(path=str(ARTIFACTS / "rectification-open.png"), full_page=True)
        page.get_by_role("button", name="发起整改").click()
        assert page.get_by_text("已发起整改 健康办整").is_visible()
        page.screenshot(path=str(ARTIFACTS / "rectification-ledger.png"), full_page=True)
    finally:
        context.close()
    db.session.commit()  # end the test's read transaction: see what the browser wrote
    item_id = db.session.scalar(select(Rectification.id))

    context, page = new_page(browser)
    try:
        browser_login(page, live_server, "edu1", PASSWORD)
        page.goto(f"{live_server}/rectification/")
        page.get_by_role("link", name="健康办整").first.click()
        page.get_by_label("整改情况报告").fill("已补报第三季度进展，建立周调度机制。")
        page.get_by_label("佐证材料（可多选）").set_input_files(
            [{"name": "整改报告.pdf", "mimeType": "application/pdf", "buffer": PDF + b"report"}]
        )
        page.get_by_role("button", name="报送整改情况").click()
        assert page.get_by_text("整改情况已报送").is_visible()
        assert page.locator("[data-state]").inner_text() == "待验收"
    finally:
        context.close()

    context, page = new_page(browser)
    try:
        browser_login(page, live_server, "office1", PASSWORD)
        page.goto(f"{live_server}/rectification/{item_id}")
        assert page.get_by_role("link", name="整改报告.pdf").is_visible()
        page.get_by_label("意见（退回时必填）").fill("整改到位，同意销号。")
        page.get_by_role("button", name="验收销号").click()
        assert page.get_by_text("已验收销号").is_visible()
        assert page.locator("[data-state]").inner_text() == "已销号"
        page.screenshot(path=str(ARTIFACTS / "rectification-accepted.png"), full_page=True)
    finally:
        context.close()
    db.session.expire_all()
    assert db.session.get(Rectification, item_id).state == "accepted"
