"""The work-item workflow end to end: milestones, reports, contributions, evidence, review, lights."""

import io
from datetime import date

from sqlalchemy import func, select

from supervision.accounts.models import Department
from supervision.evidence.models import Evidence
from supervision.milestones.models import Milestone
from supervision.reports.models import Report
from supervision.tasks.models import Task
from tests.helpers import csrf_token, login, make_user, seed

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def dept(db, name):
    return db.session.scalar(select(Department).where(Department.name == name))


def setup_year(runner, db):
    seed(runner)
    result = runner.invoke(args=["milestones", "generate", "--year", "2025"])
    assert result.exit_code == 0, result.output
    task = db.session.scalar(
        select(Task).where(Task.kind == "key_project", Task.number == 5)
    )  # lead 市卫生健康委, coop 市司法局
    q3 = db.session.scalar(select(Milestone).where(Milestone.task_id == task.id, Milestone.key == "Q3"))
    return task, q3


def user_client(app, db, username, roles, department):
    make_user(username, roles=roles, department=dept(db, department))
    client = app.test_client()
    assert login(client, username).status_code == 303
    return client


def post(client, path, data, page, **kwargs):
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data}, **kwargs)


def report_form(version="", action="save", progress="完成系统需求调研。"):
    return {
        "progress": progress,
        "problems": "经费紧张",
        "next_steps": "开展招标",
        "completion_percent": "40",
        "task_status": "按计划推进",
        "version": version,
        "action": action,
    }


def test_generation_follows_the_official_calendar_and_is_idempotent(runner, db):
    task, q3 = setup_year(runner, db)
    # 5th working day after 2025-09-30: Oct 9, 10, 11 (make-up Saturday), 13, 14
    assert q3.due_date == date(2025, 10, 14)
    annual = db.session.scalar(select(Milestone).where(Milestone.task_id == task.id, Milestone.key == "annual"))
    assert annual.due_date == date(2025, 12, 15)
    count = db.session.scalar(select(func.count()).select_from(Milestone))
    again = runner.invoke(args=["milestones", "generate", "--year", "2025"])
    assert "新增节点 0 个" in again.output
    assert db.session.scalar(select(func.count()).select_from(Milestone)) == count


def test_report_contribution_evidence_review_end_to_end(app, runner, db):
    task, q3 = setup_year(runner, db)
    page = f"/milestones/{q3.id}"
    lead = user_client(app, db, "lead1", ("liaison",), "市卫生健康委")
    coop = user_client(app, db, "coop1", ("liaison",), "市司法局")
    office = user_client(app, db, "office1", ("office",), "市卫生健康委")

    assert (
        post(coop, f"/milestones/{q3.id}/contribution", {"text": "提供数据接口", "action": "submit"}, page).status_code
        == 303
    )
    response = post(
        coop,
        f"/milestones/{q3.id}/evidence",
        {"file": (io.BytesIO(PDF), "配合材料（司法局）.pdf")},
        page,
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    assert post(lead, f"/milestones/{q3.id}/report", report_form(), page).status_code == 303
    db.session.rollback()
    report = db.session.scalar(select(Report).where(Report.milestone_id == q3.id))
    assert report.status == "draft"
    html = lead.get(page).get_data(as_text=True)
    assert "提供数据接口" in html and "配合材料（司法局）.pdf" in html
    contribution_id = html.split('name="include" value="')[1].split('"')[0]
    data = report_form(version=str(report.version), action="submit") | {"include": contribution_id}
    assert post(lead, f"/milestones/{q3.id}/report", data, page).status_code == 303
    db.session.rollback()
    assert db.session.get(Report, report.id).status == "pending_review"

    # returning needs a comment
    post(office, f"/reports/{report.id}/review", {"outcome": "returned", "comment": ""}, page)
    db.session.rollback()
    assert db.session.get(Report, report.id).status == "pending_review"
    post(office, f"/reports/{report.id}/review", {"outcome": "returned", "comment": "请补充经费数据"}, page)
    db.session.rollback()
    report = db.session.get(Report, report.id)
    assert report.status == "returned"
    assert "请补充经费数据" in lead.get(page).get_data(as_text=True)
    post(
        lead,
        f"/milestones/{q3.id}/report",
        report_form(version=str(report.version), action="submit", progress="已补充经费数据。"),
        page,
    )
    post(office, f"/reports/{report.id}/review", {"outcome": "approved", "comment": ""}, page)
    db.session.rollback()
    assert db.session.get(Report, report.id).status == "approved"
    html = office.get(f"/tasks/{task.id}?year=2025").get_data(as_text=True)
    assert "light-done" in html

    evidence = db.session.scalar(select(Evidence))
    with lead.get(f"/evidence/{evidence.id}/download") as download:
        assert download.status_code == 200 and download.data == PDF
        assert "attachment" in download.headers["Content-Disposition"]
        assert "%E9%85%8D%E5%90%88" in download.headers["Content-Disposition"]  # 配合, UTF-8 file name
    post(office, f"/evidence/{evidence.id}/verdict", {"verdict": "rejected", "reason": ""}, page)
    db.session.rollback()
    assert db.session.get(Evidence, evidence.id).verdict is None
    post(office, f"/evidence/{evidence.id}/verdict", {"verdict": "accepted", "reason": ""}, page)
    db.session.rollback()
    assert db.session.get(Evidence, evidence.id).verdict == "accepted"


def test_second_save_with_a_stale_version_is_refused(app, runner, db):
    _task, q3 = setup_year(runner, db)
    page = f"/milestones/{q3.id}"
    first = user_client(app, db, "lead1", ("liaison",), "市卫生健康委")
    second = user_client(app, db, "lead2", ("liaison",), "市卫生健康委")
    post(first, f"/milestones/{q3.id}/report", report_form(), page)
    db.session.rollback()
    version = str(db.session.scalar(select(Report.version)))
    post(first, f"/milestones/{q3.id}/report", report_form(version=version, progress="第一人的修改"), page)
    response = post(second, f"/milestones/{q3.id}/report", report_form(version=version, progress="第二人的修改"), page)
    assert response.status_code == 303
    assert "已被他人修改" in second.get(page).get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(select(Report.progress)) == "第一人的修改"


def test_other_departments_cannot_touch_a_task_they_are_not_on(app, runner, db):
    _task, q3 = setup_year(runner, db)
    page = f"/milestones/{q3.id}"
    lead = user_client(app, db, "lead1", ("liaison",), "市卫生健康委")
    post(
        lead,
        f"/milestones/{q3.id}/evidence",
        {"file": (io.BytesIO(PDF), "a.pdf")},
        page,
        content_type="multipart/form-data",
    )
    post(lead, f"/milestones/{q3.id}/report", report_form(), page)
    outsider = user_client(app, db, "sport1", ("liaison",), "市体育局")
    coop = user_client(app, db, "coop1", ("liaison",), "市司法局")
    leader = user_client(app, db, "leader1", ("leader",), "市政府办公厅")
    db.session.rollback()
    evidence_id = db.session.scalar(select(Evidence.id))
    report_id = db.session.scalar(select(Report.id))
    assert post(outsider, f"/milestones/{q3.id}/report", report_form(progress="篡改"), page).status_code == 403
    assert post(coop, f"/milestones/{q3.id}/report", report_form(progress="篡改"), page).status_code == 403
    assert post(leader, f"/milestones/{q3.id}/report", report_form(progress="篡改"), page).status_code == 403
    assert post(outsider, f"/milestones/{q3.id}/contribution", {"text": "x"}, page).status_code == 403
    assert (
        post(
            outsider,
            f"/milestones/{q3.id}/evidence",
            {"file": (io.BytesIO(PDF), "b.pdf")},
            page,
            content_type="multipart/form-data",
        ).status_code
        == 403
    )
    assert outsider.get(f"/evidence/{evidence_id}/download").status_code == 403
    assert post(outsider, f"/evidence/{evidence_id}/withdraw", {}, page).status_code == 403
    assert post(lead, f"/reports/{report_id}/review", {"outcome": "approved"}, page).status_code == 403
    assert post(outsider, f"/evidence/{evidence_id}/verdict", {"verdict": "accepted"}, page).status_code == 403
    with leader.get(f"/evidence/{evidence_id}/download") as download:
        assert download.status_code == 200
    db.session.rollback()
    assert db.session.scalar(select(Report.progress)) == "完成系统需求调研。"
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 1
    assert db.session.get(Evidence, evidence_id).withdrawn_at is None


def test_rejected_or_interrupted_upload_leaves_no_file_and_no_row(app, runner, db):
    from pathlib import Path

    root = Path(app.config["UPLOAD_DIR"])
    files_before = {p for p in root.rglob("*") if p.is_file()}
    _task, q3 = setup_year(runner, db)
    page = f"/milestones/{q3.id}"
    lead = user_client(app, db, "lead1", ("liaison",), "市卫生健康委")
    response = post(
        lead,
        f"/milestones/{q3.id}/evidence",
        {"file": (io.BytesIO(b"MZ\x90\x00" * 100), "报告.pdf")},
        page,
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    assert "alert-danger" in lead.get(page).get_data(as_text=True)

    class Broken(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):
            raise ConnectionResetError("client went away")

    from supervision.evidence.services import upload_evidence

    with app.test_request_context():
        from flask_login import login_user

        from supervision.accounts.models import User

        login_user(db.session.scalar(select(User).where(User.username == "lead1")))
        try:
            upload_evidence(
                db.session.get(Milestone, q3.id),
                Broken(),
                "中断.pdf",
                actor=db.session.scalar(select(User).where(User.username == "lead1")),
            )
        except ConnectionResetError:
            db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 0
    assert {p for p in root.rglob("*") if p.is_file()} == files_before


def test_workbench_and_status_export(app, runner, db):
    _task, q3 = setup_year(runner, db)
    lead = user_client(app, db, "lead1", ("liaison",), "市卫生健康委")
    html = lead.get("/work/?year=2025").get_data(as_text=True)
    assert "我的任务" in html and "已逾期" in html  # 2025 is over: every open milestone is red
    office = user_client(app, db, "office1", ("office",), "市卫生健康委")
    html = office.get("/work/overview?year=2025&light=red").get_data(as_text=True)
    assert "按牵头部门" in html and "市卫生健康委" in html
    result = runner.invoke(args=["status", "export", "--year", "2025", "--format", "json"])
    import json

    data = json.loads(result.output)
    active = db.session.scalar(select(func.count()).select_from(Task).where(Task.active))
    assert data["year"] == 2025 and len(data["tasks"]) == active
    first = next(t for t in data["tasks"] if t["milestones"])
    assert {m["light"] for m in first["milestones"]} <= {"green", "yellow", "red", "done", "grey"}
    assert first["milestones"][0]["due_date"].startswith("2025-")


def test_department_head_approves_before_the_office_when_required(app, runner, db):
    _task, q3 = setup_year(runner, db)
    page = f"/milestones/{q3.id}"
    health = dept(db, "市卫生健康委")
    health.requires_head_approval = True
    db.session.commit()
    lead = user_client(app, db, "lead1", ("liaison",), "市卫生健康委")
    head = user_client(app, db, "head1", ("dept_head",), "市卫生健康委")
    office = user_client(app, db, "office1", ("office",), "市卫生健康委")
    post(lead, f"/milestones/{q3.id}/report", report_form(action="submit"), page)
    report = db.session.scalar(select(Report))
    assert report.status == "submitted"
    # the office cannot review before the department head
    post(office, f"/reports/{report.id}/review", {"outcome": "approved"}, page)
    db.session.rollback()
    assert db.session.get(Report, report.id).status == "submitted"
    post(head, f"/reports/{report.id}/review", {"outcome": "approved", "stage": "dept_head"}, page)
    db.session.rollback()
    assert db.session.get(Report, report.id).status == "pending_review"


def test_status_ledger_as_excel_has_chinese_headers(runner, db, tmp_path):
    setup_year(runner, db)
    out = tmp_path / "ledger.xlsx"
    result = runner.invoke(args=["status", "export", "--year", "2025", "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    import openpyxl

    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[1]][:4] == ["规划", "类型", "序号", "任务名称"]
    assert sheet.max_row == 1 + 37 * 5 + (47 - 37)  # five milestones for each task covering 2025
