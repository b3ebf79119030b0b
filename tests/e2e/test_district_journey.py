"""A district liaison contributes its part of a task naming 各区、县(市)政府; the lead reads the per-district table."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from supervision.accounts.models import Department
from supervision.clock import today
from supervision.milestones.models import Milestone
from supervision.reports.models import Contribution
from supervision.tasks.models import Task
from tests.e2e.conftest import ARTIFACTS, browser_login
from tests.helpers import PASSWORD, make_user, seed

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_district_liaison_contributes_and_the_lead_includes_it(app, runner, db, live_server, page, tmp_path):
    seed(runner)
    task = db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == 1))
    task.end_year = today().year + 1
    milestone = Milestone(task=task, year=today().year, title="健康环境季度推进", due_date=today() + timedelta(days=10))
    db.session.add(milestone)
    department = lambda name: db.session.scalar(select(Department).where(Department.name == name))  # noqa: E731
    make_user("sc", roles=("liaison",), department=department("上城区"), display_name="上城联络员")
    make_user("wang", roles=("liaison",), department=department("市卫生健康委"), display_name="王联络")
    db.session.commit()

    browser_login(page, live_server, "sc", PASSWORD)
    page.goto(f"{live_server}/work/")
    page.get_by_role("link", name="健康环境季度推进").first.click()
    page.get_by_label("本单位配合情况").fill("上城区完成辖区 12 个社区健康环境整治。")
    page.get_by_role("button", name="保存", exact=True).click()
    assert page.get_by_text("配合情况已保存。").is_visible()
    evidence = tmp_path / "上城区整治台账.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("选择文件").set_input_files(str(evidence))
    page.get_by_role("button", name="上传").click()
    assert page.get_by_role("link", name="上城区整治台账.pdf").is_visible()
    page.get_by_role("button", name="提交给牵头部门").click()
    assert page.get_by_text("配合情况已提交").is_visible()
    page.context.clear_cookies()

    browser_login(page, live_server, "wang", PASSWORD)
    page.goto(f"{live_server}/milestones/{milestone.id}")
    page.get_by_role("link", name="各区、县(市)配合情况一览").click()
    assert page.get_by_text("已提交 1 / 13").is_visible()
    row = page.locator("tr[data-district=上城区]")
    assert row.get_by_text("已提交").is_visible()
    assert page.locator("tr[data-district=西湖区]").get_by_text("未填报").is_visible()
    row.get_by_role("button", name="纳入").click()
    assert page.get_by_text("已纳入报送。").is_visible()
    assert page.locator("tr[data-district=上城区]").get_by_text("已纳入报送").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "district_table.png"), full_page=True)
    db.session.rollback()
    included = db.session.scalar(select(Contribution).where(Contribution.milestone_id == milestone.id))
    assert included.department.name == "上城区" and included.included_in_report
