"""Outcome notice in a real browser: the office returns a report with a comment, the liaison reads it in 通知."""

from __future__ import annotations

from supervision.outcomes.models import OutcomeNotice
from tests.e2e.conftest import ARTIFACTS, browser_login
from tests.helpers import PASSWORD
from tests.outcomes.support import build_world, submitted


def test_a_returned_report_reaches_the_liaison_in_the_bell(app, db, live_server, page):
    world = build_world()
    submitted(world.q1, world.liaison)
    milestone_id = world.q1.id

    browser_login(page, live_server, "office1", PASSWORD)
    page.goto(f"{live_server}/reviews/")  # 审核工作台: tick the report, write its own comment, 退回所选
    page.get_by_label("选择 推动地方健康立法 2025年第1季度进展报告").check()
    page.get_by_label("退回意见：推动地方健康立法 2025年第1季度进展报告").fill("请补充经费保障情况。")
    page.get_by_role("button", name="退回所选").click()
    page.get_by_text("已退回 1 份报告。").wait_for()
    page.context.clear_cookies()

    browser_login(page, live_server, "wang", PASSWORD)
    bell = page.get_by_role("link", name="通知（1 条未读）")
    bell.wait_for()
    bell.click()
    page.get_by_role("heading", name="今日审核结果：报告被退回 1 项").wait_for()
    card = page.locator("section.card", has_text="报告被退回")
    assert "办公室退回，退回意见：请补充经费保障情况。" in card.inner_text()
    assert "推动地方健康立法" in card.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "outcome_notice.png"), full_page=True)

    href = card.get_by_role("link", name="推动地方健康立法", exact=False).get_attribute("href")
    assert href == f"/milestones/{milestone_id}"
    db.session.rollback()
    assert db.session.query(OutcomeNotice).filter_by(user_id=world.coop.id).count() == 0
