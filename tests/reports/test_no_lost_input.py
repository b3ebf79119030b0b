"""No lost input on the milestone page: an upload from the report or contribution form keeps what was typed,
and 报送 first shows what will be sent."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from supervision.evidence.models import Evidence
from supervision.reports.models import Contribution, Report
from tests.workflow import PDF, post, report_form, setup_year, user_client


def upload(client, milestone_id, fields, filename="调研报告.pdf", content=PDF):
    data = dict(fields)
    if filename is not None:
        data["file"] = (io.BytesIO(content), filename)
    page = f"/milestones/{milestone_id}"
    return post(client, f"/milestones/{milestone_id}/evidence", data, page, content_type="multipart/form-data")


def test_the_report_form_holds_the_file_field_and_its_upload_button(app, runner, db):
    _task, q3 = setup_year(runner, db)
    lead = user_client(app, db, "lead1", ("liaison",), "市卫生健康委")
    html = lead.get(f"/milestones/{q3.id}").get_data(as_text=True)
    form = html.split(f'action="/milestones/{q3.id}/report"')[1].split("</form>")[0]
    assert 'type="file"' in form and f'formaction="/milestones/{q3.id}/evidence"' in form
    assert 'formenctype="multipart/form-data"' in form
    assert html.count('type="file"') == 1  # no second, separate upload form that would lose the text
    assert 'src="/static/js/unsaved.js"' in html


def test_an_upload_from_the_report_form_saves_the_typed_text_as_a_draft(app, runner, db):
    _task, q3 = setup_year(runner, db)
    lead = user_client(app, db, "lead1", ("liaison",), "市卫生健康委")
    typed = report_form(progress="完成了三次现场调研，形成初稿。") | {"completion_percent": "35"}
    response = upload(lead, q3.id, typed)
    assert response.status_code == 303
    db.session.rollback()
    report = db.session.scalar(select(Report).where(Report.milestone_id == q3.id))
    assert report.status == "draft" and report.progress == "完成了三次现场调研，形成初稿。"
    assert report.completion_percent == 35
    assert db.session.scalar(select(Evidence.filename)) == "调研报告.pdf"
    html = lead.get(f"/milestones/{q3.id}").get_data(as_text=True)
    assert "完成了三次现场调研，形成初稿。" in html and "已上传“调研报告.pdf”" in html

    # no file chosen: the text is still saved, the missing file explained
    again = report_form(version=str(report.version), progress="第二稿：补充了数据。")
    upload(lead, q3.id, again, filename=None)
    db.session.rollback()
    assert db.session.get(Report, report.id).progress == "第二稿：补充了数据。"
    html = lead.get(f"/milestones/{q3.id}").get_data(as_text=True)
    assert "请选择要上传的文件" in html and "第二稿：补充了数据。" in html


def test_a_refused_file_still_keeps_the_text_and_stores_no_file(app, runner, db):
    _task, q3 = setup_year(runner, db)
    lead = user_client(app, db, "lead1", ("liaison",), "市卫生健康委")
    upload(lead, q3.id, report_form(progress="文字保留。"), filename="病毒.exe", content=b"MZ\x90\x00")
    db.session.rollback()
    assert db.session.scalar(select(Report.progress).where(Report.milestone_id == q3.id)) == "文字保留。"
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 0


def test_an_upload_from_the_contribution_form_saves_the_cooperating_units_text(app, runner, db):
    _task, q3 = setup_year(runner, db)
    coop = user_client(app, db, "coop1", ("liaison",), "市司法局")
    html = coop.get(f"/milestones/{q3.id}").get_data(as_text=True)
    form = html.split(f'action="/milestones/{q3.id}/contribution"')[1].split("</form>")[0]
    assert 'type="file"' in form
    upload(coop, q3.id, {"text": "已提供法律审查意见。", "version": "", "action": ""}, filename="审查意见.pdf")
    db.session.rollback()
    contribution = db.session.scalar(select(Contribution).where(Contribution.milestone_id == q3.id))
    assert contribution.text == "已提供法律审查意见。" and contribution.status == "draft"
    assert db.session.scalar(select(Evidence.filename)) == "审查意见.pdf"
    # the same text again: the upload adds the file and saves nothing
    version = contribution.version
    upload(coop, q3.id, {"text": "已提供法律审查意见。", "version": str(version)}, filename="附件二.pdf")
    db.session.rollback()
    assert db.session.get(Contribution, contribution.id).version == version
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 2


def test_submit_shows_what_will_be_sent_and_submits_only_when_confirmed(app, runner, db):
    _task, q3 = setup_year(runner, db)
    page = f"/milestones/{q3.id}"
    lead = user_client(app, db, "lead1", ("liaison",), "市卫生健康委")
    coop = user_client(app, db, "coop1", ("liaison",), "市司法局")
    post(coop, f"{page}/contribution", {"text": "提供数据接口", "action": "submit"}, page)
    contribution_id = db.session.scalar(select(Contribution.id))
    html = lead.get(page).get_data(as_text=True)
    assert 'name="action" value="confirm"' in html  # 报送 on the form asks first
    data = report_form(action="confirm", progress="完成系统需求调研。") | {"include": str(contribution_id)}
    response = post(lead, f"{page}/report", data, page)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{page}/report/confirm")
    db.session.rollback()
    report = db.session.scalar(select(Report))
    assert report.status == "draft"  # saved, not yet sent

    html = lead.get(f"{page}/report/confirm").get_data(as_text=True)
    for shown in (
        "完成系统需求调研。",
        "经费紧张",
        "开展招标",
        "40%",
        "按计划推进",
        "市司法局",
        "提供数据接口",
        "确认报送",
    ):
        assert shown in html, shown
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    response = lead.post(f"{page}/report/submit", data={"csrf_token": token, "version": version})
    assert response.status_code == 303
    db.session.rollback()
    assert db.session.get(Report, report.id).status == "pending_review"
    # nothing left to confirm: back to the milestone page with a message
    response = lead.get(f"{page}/report/confirm", follow_redirects=True)
    assert "没有待报送的报告草稿" in response.get_data(as_text=True)


def test_a_confirmation_of_a_changed_draft_is_refused_and_changes_nothing(app, runner, db):
    _task, q3 = setup_year(runner, db)
    page = f"/milestones/{q3.id}"
    lead = user_client(app, db, "lead1", ("liaison",), "市卫生健康委")
    post(lead, f"{page}/report", report_form(action="confirm"), page)
    shown = lead.get(f"{page}/report/confirm").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', shown).group(1)
    db.session.rollback()
    report = db.session.scalar(select(Report))
    post(lead, f"{page}/report", report_form(version=str(report.version), progress="另一窗口改过。"), page)
    response = post(lead, f"{page}/report/submit", {"version": version}, page, follow_redirects=True)
    assert "已被他人修改" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(Report, report.id).status == "draft"


def test_only_the_lead_liaison_sees_the_confirmation_or_confirms(app, runner, db):
    _task, q3 = setup_year(runner, db)
    page = f"/milestones/{q3.id}"
    lead = user_client(app, db, "lead1", ("liaison",), "市卫生健康委")
    coop = user_client(app, db, "coop1", ("liaison",), "市司法局")
    post(lead, f"{page}/report", report_form(action="confirm"), page)
    assert coop.get(f"{page}/report/confirm").status_code == 403
    assert post(coop, f"{page}/report/submit", {"version": "2"}, page).status_code == 403
    db.session.rollback()
    assert db.session.scalar(select(Report.status)) == "draft"
    assert lead.get("/milestones/999999/report/confirm").status_code == 404
