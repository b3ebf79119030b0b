"""Daily work in a real browser (issue 14, point 12), on a phone (390 px) and a desktop (1280 px).

The office clears its review inbox: three of four waiting 2025 reports approved at once with one comment,
the fourth returned with its own comment (退回 without one is refused in Chinese and changes nothing). The
liaison of the lead department lands on 2026, finds the returned 2025 report first in 待办, fixes and
resubmits it, and reads the outcome notices in 通知: the return, then the approval of the resubmission.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from supervision.extensions import db as _db
from supervision.reports.models import Report
from supervision.reviews.models import Review
from tests.builders import make_milestone, make_report
from tests.e2e.conftest import ARTIFACTS, browser_login
from tests.helpers import PASSWORD
from tests.outcomes.support import build_world

TASK = "推动地方健康立法"
QUARTERS = [(f"Q{n}", f"2025年第{n}季度进展报告", date(2025, 3 * n, 25)) for n in (1, 2, 3, 4)]
RETURNED = QUARTERS[3][1]


def four_waiting_reports():
    """Task 5 of 市卫生健康委 with four 2025 reports submitted by its liaison, all waiting for the office."""
    world = build_world()
    milestones = [world.q1, world.q2]
    milestones[0].due_date, milestones[1].due_date = QUARTERS[0][2], QUARTERS[1][2]
    for key, title, due in QUARTERS[2:]:
        milestones.append(make_milestone(world.q1.task, key=key, title=title, due_date=due))
    for milestone in milestones:
        make_report(milestone, status="pending_review", actor=world.liaison)
    _db.session.commit()
    return world, {m.title: m.id for m in milestones}


def statuses(ids: dict[str, int]) -> dict[str, str]:
    _db.session.rollback()
    rows = _db.session.execute(select(Report.milestone_id, Report.status).where(Report.milestone_id.in_(ids.values())))
    by_id = dict(rows.all())
    return {title: by_id[i] for title, i in ids.items()}


def nav_count(page) -> int:
    """The count beside 审核工作台 in the navigation (0 when no badge is shown)."""
    badge = page.locator('a[href="/reviews/"] [data-nav-count]')
    return int(badge.get_attribute("data-nav-count")) if badge.count() else 0


def open_nav(page) -> None:
    """On a phone the navigation is folded behind its toggler (below Bootstrap's lg breakpoint, 992 px).
    Decided by the viewport, not by the toggler's visibility: a page still loading its stylesheet shows it."""
    page.wait_for_load_state("load")
    toggler = page.locator(".navbar-toggler")
    if page.viewport_size["width"] < 992 and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        page.locator("#mainNav.show").wait_for()


def shot(page, name: str, width: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"daily_work_{name}_{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [390, 1280])
def test_office_clears_its_inbox_and_the_liaison_resubmits_the_returned_report(app, db, live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    world, ids = four_waiting_reports()

    # (a) the office: four waiting, three approved at once with one comment, the fourth returned
    browser_login(page, live_server, "office1", PASSWORD)
    page.goto(f"{live_server}/reviews/")
    assert nav_count(page) == 4
    assert page.locator("tr[data-report]").count() == 4
    task_cell = page.locator("tr[data-report] td").nth(1)
    assert task_cell.bounding_box()["width"] > 150  # readable on a phone: the table scrolls sideways instead
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # ... inside its box, not the page
    shot(page, "inbox_full", width)
    for _key, title, _due in QUARTERS[:3]:
        page.get_by_label(f"选择 {TASK} {title}").check()
    page.get_by_label("通过意见（所选报告共用，可不填）").fill("进展符合计划，同意。")
    page.get_by_role("button", name="通过所选").click()
    page.get_by_text("已审核通过 3 份报告。").wait_for()
    assert nav_count(page) == 1
    assert page.locator("tr[data-report]").count() == 1
    assert statuses(ids) == {t: "approved" for _k, t, _d in QUARTERS[:3]} | {RETURNED: "pending_review"}
    comments = _db.session.scalars(select(Review.comment).where(Review.outcome == "approved")).all()
    assert comments == ["进展符合计划，同意。"] * 3

    page.get_by_label(f"选择 {TASK} {RETURNED}").check()
    page.get_by_role("button", name="退回所选").click()  # no comment: refused, nothing changes
    page.get_by_text("退回时必须逐条填写退回意见").wait_for()
    assert statuses(ids)[RETURNED] == "pending_review"
    assert nav_count(page) == 1
    shot(page, "inbox_return_refused", width)

    page.get_by_label(f"选择 {TASK} {RETURNED}").check()
    page.get_by_label(f"退回意见：{TASK} {RETURNED}").fill("请补充第四季度经费保障情况。")
    page.get_by_role("button", name="退回所选").click()
    page.get_by_text("已退回 1 份报告。").wait_for()
    page.get_by_text("没有等待审核的报告。").wait_for()
    assert nav_count(page) == 0
    assert statuses(ids)[RETURNED] == "returned"
    page.context.clear_cookies()

    # (b) the liaison lands on 2026 and finds the returned 2025 report first in 待办
    browser_login(page, live_server, "wang", PASSWORD)
    page.goto(f"{live_server}/work/?year=2026")
    first = page.locator("#todo tbody tr").first
    assert first.get_attribute("data-todo") == "returned"
    assert "被退回" in first.inner_text() and RETURNED in first.inner_text()
    shot(page, "workbench_todo", width)
    first.get_by_role("link", name=RETURNED, exact=True).click()  # the title names its year once
    page.get_by_text("报告被退回，请根据审核意见修改后重新报送。").wait_for()
    assert "请补充第四季度经费保障情况。" in page.locator("body").inner_text()
    page.get_by_label("进展情况").fill("已补充第四季度经费保障情况：市财政安排专项经费120万元。")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_text("草稿已保存").first.wait_for()
    page.get_by_role("button", name="报送", exact=True).click()
    confirm = page.get_by_role("button", name="确认报送")  # 报送 shows what will be sent first
    confirm.wait_for()
    assert "市财政安排专项经费120万元" in page.locator("body").inner_text()
    shot(page, "confirm_submit", width)
    confirm.click()
    page.get_by_text("已报送").first.wait_for()
    _db.session.rollback()
    report = _db.session.scalar(select(Report).where(Report.milestone_id == ids[RETURNED]))
    assert report.status == "pending_review" and "120万元" in report.progress

    # the outcome notice of the return (with the three approvals of the same day) is in 通知
    open_nav(page)
    bell = page.get_by_role("link", name="通知（1 条未读）")
    bell.wait_for()
    bell.click()
    returned_card = page.locator("section.card", has_text="报告被退回")
    assert "办公室退回，退回意见：请补充第四季度经费保障情况。" in returned_card.inner_text()
    assert "报告审核通过" in page.locator("body").inner_text()
    shot(page, "notice_returned", width)
    page.get_by_role("button", name="标为已读").first.click()
    open_nav(page)
    page.get_by_role("link", name="通知", exact=True).wait_for()
    page.context.clear_cookies()

    # the office approves the resubmission; the liaison's notice is unread again and tells the approval
    browser_login(page, live_server, "office1", PASSWORD)
    page.goto(f"{live_server}/reviews/")
    assert nav_count(page) == 1
    page.get_by_label(f"选择 {TASK} {RETURNED}").check()
    page.get_by_role("button", name="通过所选").click()
    page.get_by_text("已审核通过 1 份报告。").wait_for()
    assert nav_count(page) == 0
    assert set(statuses(ids).values()) == {"approved"}
    page.context.clear_cookies()

    browser_login(page, live_server, "wang", PASSWORD)
    page.goto(f"{live_server}/work/?year=2026")
    assert page.locator('#todo tbody tr[data-todo="returned"]').count() == 0
    open_nav(page)
    bell = page.get_by_role("link", name="通知（1 条未读）")
    bell.wait_for()
    bell.click()
    approved = page.locator("section.card", has_text="报告审核通过")
    assert f"{RETURNED}：办公室审核通过" in approved.inner_text()
    assert approved.get_by_role("link", name=RETURNED, exact=False).count() >= 1
    shot(page, "notice_approved", width)
