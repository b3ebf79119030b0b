"""No lost input, in a real browser: a liaison types a report, uploads a file from the report form and finds the
text still there; 报送 shows what will be sent; leaving with unsaved changes asks first."""

from __future__ import annotations

from sqlalchemy import select

from supervision.reports.models import Report
from tests.e2e.conftest import ARTIFACTS, browser_login
from tests.e2e.test_journeys import PDF, world
from tests.helpers import PASSWORD

TYPED = "已完成立法调研，形成《杭州市健康条例》初稿。"


def test_typed_text_survives_an_upload_submit_confirms_and_leaving_asks(app, runner, db, live_server, page, tmp_path):
    _task, overdue, _soon = world(runner, db)
    browser_login(page, live_server, "wang", PASSWORD)
    milestone_page = f"{live_server}/milestones/{overdue.id}"
    page.goto(milestone_page)

    # typed, never saved, then a file uploaded from the same form: the text is still there afterwards
    page.get_by_label("进展情况").fill(TYPED)
    page.get_by_label("下一步计划").fill("征求各区意见。")
    evidence = tmp_path / "立法调研报告.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("选择文件").set_input_files(str(evidence))
    page.get_by_role("button", name="上传", exact=True).click()
    page.get_by_text("已上传“立法调研报告.pdf”").wait_for()
    assert page.get_by_label("进展情况").input_value() == TYPED
    assert page.get_by_label("下一步计划").input_value() == "征求各区意见。"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report_text_after_upload.png"), full_page=True)

    # leaving with unsaved changes asks; dismissing keeps the page and what was typed
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    page.get_by_label("存在问题").fill("部门意见尚待汇总。")
    page.get_by_role("link", name="我的任务").first.click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url == milestone_page and page.get_by_label("存在问题").input_value() == "部门意见尚待汇总。"
    page.remove_listener("dialog", answer)

    # 报送 saves and shows what will be sent; nothing is sent before 确认报送 (and submitting asks nothing)
    page.get_by_role("button", name="报送", exact=True).click()
    page.get_by_role("heading", name="确认报送：专项推进情况报告").wait_for()
    fields = page.locator("#confirm-fields")
    assert fields.get_by_text(TYPED).is_visible() and fields.get_by_text("部门意见尚待汇总。").is_visible()
    page.screenshot(path=str(ARTIFACTS / "report_confirmation.png"), full_page=True)
    db.session.rollback()
    assert db.session.scalar(select(Report.status).where(Report.milestone_id == overdue.id)) == "draft"
    page.get_by_role("button", name="确认报送").click()
    page.get_by_text("已报送").wait_for()
    page.screenshot(path=str(ARTIFACTS / "report_submitted.png"), full_page=True)
    assert asked == ["beforeunload"]  # no question when a form is submitted
    db.session.rollback()
    report = db.session.scalar(select(Report).where(Report.milestone_id == overdue.id))
    assert report.status == "pending_review" and report.progress == TYPED
