"""Reports and contributions end to end: save, submit, evidence, review; version check; departments not on the task."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from supervision.evidence.models import Evidence
from supervision.reports.models import Report
from tests.workflow import PDF, post, report_form, setup_year, user_client


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
