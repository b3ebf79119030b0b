"""The main journeys of lead departments and cooperating units, in a real browser."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from supervision.accounts.models import Department
from supervision.calendar.store import work_calendar
from supervision.calendar.workdays import CalendarUnavailable
from supervision.clock import today
from supervision.evidence.models import Evidence
from supervision.milestones.models import Milestone
from supervision.reports.models import Contribution, Report
from supervision.tasks.models import Task
from tests.e2e.conftest import browser_login
from tests.helpers import PASSWORD, make_user, seed

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _working_days_ahead(n: int):
    calendar = work_calendar(assume_weekdays_after_official=True)
    try:
        return calendar.add_working_days(today(), n)
    except CalendarUnavailable:
        return today() + timedelta(days=n)


def world(runner, db):
    """Task 5 (lead 市卫生健康委, cooperating 市司法局) with one overdue and one soon-due milestone this year."""
    seed(runner)
    task = db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == 5))
    task.end_year = today().year + 1  # keep the task running, whatever the date of the test run
    year = today().year
    overdue = Milestone(task=task, year=year, title="专项推进情况报告", due_date=today() - timedelta(days=3))
    soon = Milestone(task=task, year=year, title=f"{year}年立法调研材料", due_date=_working_days_ahead(2))
    db.session.add_all([overdue, soon])
    department = lambda name: db.session.scalar(select(Department).where(Department.name == name))  # noqa: E731
    make_user("wang", roles=("liaison",), department=department("市卫生健康委"), display_name="王联络")
    make_user("li", roles=("liaison",), department=department("市司法局"), display_name="李联络")
    db.session.commit()
    return task, overdue, soon


def test_lead_liaison_reports_with_evidence_and_submits(app, runner, db, live_server, page, tmp_path):
    _task, overdue, soon = world(runner, db)
    browser_login(page, live_server, "wang", PASSWORD)
    page.goto(f"{live_server}/work/")
    overdue_section = page.locator("h2", has_text="已逾期")
    assert overdue_section.count() == 1
    assert page.get_by_role("link", name="专项推进情况报告").first.is_visible()
    assert page.locator("h2", has_text="即将到期").count() == 1
    page.get_by_role("link", name="专项推进情况报告").first.click()
    page.get_by_label("进展情况").fill("已完成《杭州市健康条例》立法调研，形成初稿。")
    page.get_by_label("存在问题").fill("部门意见尚待汇总。")
    page.get_by_label("下一步计划").fill("征求各区意见。")
    page.get_by_label("完成进度（%）").fill("60")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_text("草稿已保存").wait_for()
    evidence = tmp_path / "立法调研报告（初稿）.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("选择文件").set_input_files(str(evidence))
    page.get_by_role("button", name="上传").click()
    page.get_by_text("已上传“立法调研报告（初稿）.pdf”").wait_for()
    page.get_by_role("button", name="报送").click()
    page.get_by_role("button", name="确认报送").click()  # 报送 shows what will be sent first (issue 14)
    page.get_by_text("已报送").wait_for()
    assert page.get_by_text("待办公室审核").first.is_visible()
    db.session.rollback()
    report = db.session.scalar(select(Report).where(Report.milestone_id == overdue.id))
    assert report.status == "pending_review" and report.completion_percent == 60
    assert db.session.scalar(select(Evidence.filename)) == "立法调研报告（初稿）.pdf"


def test_cooperating_unit_writes_its_contribution_with_evidence(app, runner, db, live_server, page, tmp_path):
    _task, _overdue, soon = world(runner, db)
    browser_login(page, live_server, "li", PASSWORD)
    page.goto(f"{live_server}/work/")
    assert page.locator("h2", has_text="需要我单位配合").count() == 1
    page.goto(f"{live_server}/milestones/{soon.id}")
    page.get_by_label("本单位配合情况").fill("已提供地方立法技术审查意见。")
    page.get_by_role("button", name="提交给牵头部门").click()
    page.get_by_text("配合情况已提交").wait_for()
    evidence = tmp_path / "审查意见.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("选择文件").set_input_files(str(evidence))
    page.get_by_role("button", name="上传").click()
    page.get_by_text("已上传“审查意见.pdf”").wait_for()
    db.session.rollback()
    contribution = db.session.scalar(select(Contribution))
    assert contribution.status == "submitted" and "技术审查" in contribution.text
    assert db.session.scalar(select(Evidence.contribution_id)) == contribution.id
