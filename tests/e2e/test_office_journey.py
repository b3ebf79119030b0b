"""The office's journey in a real browser: return one report, approve another, compute, download a scorecard."""

from __future__ import annotations

import subprocess

from sqlalchemy import select

from supervision.accounts.models import Department, User
from supervision.milestones.models import Milestone
from supervision.reports.models import Report
from supervision.reports.services import save_report, submit_report
from supervision.tasks.models import Task
from tests.e2e.conftest import browser_login
from tests.helpers import PASSWORD, make_user, seed


def submitted_reports(runner, db):
    """Two 2025 quarterly reports of task 5 (lead 市卫生健康委), submitted and waiting for the office."""
    seed(runner)
    assert runner.invoke(args=["milestones", "generate", "--year", "2025"]).exit_code == 0
    health = db.session.scalar(select(Department).where(Department.name == "市卫生健康委"))
    make_user("wang", roles=("liaison",), department=health)
    make_user("office1", roles=("office",), department=health)
    liaison = db.session.scalar(select(User).where(User.username == "wang"))
    task = db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == 5))
    milestones = {}
    for key in ("Q1", "Q2"):
        milestone = db.session.scalar(select(Milestone).where(Milestone.task_id == task.id, Milestone.key == key))
        data = {"progress": f"{key} 已完成立法调研。", "completion_percent": 50, "task_status": "按计划推进"}
        report = save_report(milestone, data, expected_version=None, actor=liaison)
        submit_report(report, expected_version=report.version, actor=liaison)
        milestones[key] = milestone.id
    db.session.commit()
    return milestones


def test_office_reviews_computes_and_downloads_a_scorecard(app, runner, db, live_server, page, tmp_path):
    milestones = submitted_reports(runner, db)
    browser_login(page, live_server, "office1", PASSWORD)

    page.goto(f"{live_server}/milestones/{milestones['Q1']}")
    page.get_by_label("审核意见（退回时必填）").fill("请补充经费保障情况。")
    page.get_by_role("button", name="退回").click()
    page.get_by_text("已退回，意见已发送给牵头部门").wait_for()
    page.goto(f"{live_server}/milestones/{milestones['Q2']}")
    page.get_by_role("button", name="通过").click()
    page.get_by_text("审核通过").first.wait_for()
    db.session.rollback()
    statuses = {r.milestone_id: r.status for r in db.session.scalars(select(Report))}
    assert statuses == {milestones["Q1"]: "returned", milestones["Q2"]: "approved"}

    page.goto(f"{live_server}/assessment/?year=2025")
    page.get_by_role("button", name="计算考核结果").click()
    row = page.locator("tr", has_text="市卫生健康委")
    row.first.wait_for()
    href = row.first.get_by_role("link", name="PDF").get_attribute("href")
    response = page.request.get(live_server + href)
    assert response.status == 200 and response.headers["content-type"].startswith("application/pdf")
    pdf = tmp_path / "scorecard.pdf"
    pdf.write_bytes(response.body())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "2025年度健康杭州建设考核评分表" in text and "市卫生健康委" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts
