"""A district office (区健康办) creates a local task, its liaison reports, the district office approves; another
district's office cannot open it; the city office reads the district dashboard on a phone and a desktop."""

from __future__ import annotations

from sqlalchemy import select

from supervision.accounts.models import Department
from supervision.milestones.models import Milestone
from supervision.reports.models import Report
from supervision.tasks.models import Task
from tests.e2e.conftest import ARTIFACTS, browser_login
from tests.helpers import PASSWORD, make_user, seed

NAME = "上城区社区健康驿站建设"


def test_a_district_runs_its_own_task(app, runner, db, live_server, page, browser):
    seed(runner)
    department = lambda name: db.session.scalar(select(Department).where(Department.name == name))  # noqa: E731
    make_user("sco", roles=("district_office",), department=department("上城区"), display_name="上城区健康办")
    make_user("sc", roles=("liaison",), department=department("上城区"), display_name="上城联络员")
    make_user("xho", roles=("district_office",), department=department("西湖区"), display_name="西湖区健康办")
    make_user("city", roles=("office",), department=department("市卫生健康委"), display_name="市健康办")
    db.session.commit()
    ARTIFACTS.mkdir(exist_ok=True)

    browser_login(page, live_server, "sco", PASSWORD)
    page.get_by_role("link", name="本地任务").first.click()
    page.get_by_label("任务名称").fill(NAME)
    page.get_by_label("任务内容").fill("每个街道建成一个健康驿站")
    page.get_by_label("首个节点").fill("年度建设情况")
    page.get_by_label("截止日期").fill("2026-12-20")
    page.get_by_role("button", name="新建").click()
    page.get_by_text(f"已添加本地任务“{NAME}”。").wait_for()
    page.context.clear_cookies()

    db.session.rollback()
    task = db.session.scalar(select(Task).where(Task.name == NAME))
    milestone = db.session.scalar(select(Milestone).where(Milestone.task_id == task.id))
    browser_login(page, live_server, "sc", PASSWORD)
    page.goto(f"{live_server}/milestones/{milestone.id}")
    page.get_by_label("进展情况").fill("已建成 6 个驿站。")
    page.get_by_role("button", name="报送", exact=True).first.click()
    if page.get_by_role("button", name="确认报送").count():
        page.get_by_role("button", name="确认报送").click()
    page.get_by_text("已报送。").wait_for()
    page.context.clear_cookies()

    browser_login(page, live_server, "sco", PASSWORD)
    page.goto(f"{live_server}/districts/local/")
    card = page.locator("[data-report]")
    card.get_by_text("已建成 6 个驿站。").wait_for()
    card.get_by_label("审核意见").fill("同意")
    card.get_by_role("button", name="通过").click()
    page.get_by_text("审核通过。").wait_for()
    page.screenshot(path=str(ARTIFACTS / "district_local_tasks.png"), full_page=True)
    page.context.clear_cookies()
    db.session.rollback()
    assert db.session.scalar(select(Report.status).where(Report.milestone_id == milestone.id)) == "approved"

    browser_login(page, live_server, "xho", PASSWORD)
    page.goto(f"{live_server}/districts/local/")
    assert page.get_by_text(NAME).count() == 0
    response = page.goto(f"{live_server}/tasks/{task.id}")
    assert response.status == 403
    page.context.clear_cookies()

    for width in (390, 1280):
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
        city = context.new_page()
        browser_login(city, live_server, "city", PASSWORD)
        city.goto(f"{live_server}/districts/dashboard")
        row = city.locator("tr[data-district=上城区]")
        row.wait_for()
        assert city.locator("figure.chart svg").first.is_visible()
        city.screenshot(path=str(ARTIFACTS / f"district_dashboard_{width}.png"), full_page=True)
        context.close()
