"""The office publishes, a department appeals with a file, the office adjusts, the department sees the outcome,
the window closes and the round is 终审; screenshots in test-artifacts/."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from supervision.appeals.services import settle_year
from supervision.assessment.publishing.services import objection_deadline
from supervision.assessment.scoring.services import compute_year, round_for
from tests.assessment.builders import TODAY, Year2025
from tests.builders import PDF
from tests.e2e.conftest import browser_login
from tests.helpers import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def new_page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("dialog", lambda dialog: dialog.accept())
    return context, page


def test_publish_appeal_adjusted_final(app, db, runner, monkeypatch, live_server, browser):
    built = Year2025(runner, db, monkeypatch).build()
    built.rate_all_led_tasks()
    compute_year(2025, TODAY, actor=built.office)
    db.session.commit()
    ARTIFACTS.mkdir(exist_ok=True)
    context, page = new_page(browser)
    try:
        browser_login(page, live_server, "office1", PASSWORD)
        page.goto(f"{live_server}/assessment/?year=2025")
        page.get_by_role("button", name="发布").first.click()
        page.wait_for_load_state()
    finally:
        context.close()
    db.session.commit()
    assert round_for(2025).published

    context, page = new_page(browser)
    try:
        browser_login(page, live_server, "edu1", PASSWORD)
        page.goto(f"{live_server}/appeals/?year=2025")
        page.get_by_label("复核理由").fill("第二季度报告按期报送，系统误计为逾期。")
        page.get_by_label("佐证材料（可多选）").set_input_files(
            [{"name": "报送记录.pdf", "mimeType": "application/pdf", "buffer": PDF + b"appeal"}]
        )
        page.get_by_role("button", name="提交复核申请").click()
        assert page.get_by_text("复核申请已提交").is_visible()
        page.screenshot(path=str(ARTIFACTS / "appeal-filed.png"), full_page=True)
    finally:
        context.close()

    context, page = new_page(browser)
    try:
        browser_login(page, live_server, "office1", PASSWORD)
        page.goto(f"{live_server}/appeals/?year=2025")
        page.get_by_role("link", name="复核〔2025〕").first.click()
        assert page.get_by_role("link", name="报送记录.pdf").is_visible()
        page.get_by_label("复核理由（必填）").fill("经核实报送记录，给予创新加分补正。")
        page.get_by_label("调整事项（调整时选择）").select_option(label="加分·创新做法")
        page.get_by_role("button", name="调整", exact=True).click()
        assert page.get_by_text("已调整考核结果").is_visible()
        page.screenshot(path=str(ARTIFACTS / "appeal-adjusted.png"), full_page=True)
    finally:
        context.close()

    context, page = new_page(browser)
    try:
        browser_login(page, live_server, "edu1", PASSWORD)
        page.goto(f"{live_server}/appeals/?year=2025")
        assert page.locator("[data-appeal-state]").first.inner_text() == "调整"
        page.get_by_role("link", name="复核〔2025〕").first.click()
        assert "经核实报送记录" in page.locator("[data-outcome]").inner_text()
        page.screenshot(path=str(ARTIFACTS / "appeal-outcome.png"), full_page=True)
    finally:
        context.close()

    db.session.commit()
    assert settle_year(2025, objection_deadline(round_for(2025)) + timedelta(days=1))
    db.session.commit()
    context, page = new_page(browser)
    try:
        browser_login(page, live_server, "edu1", PASSWORD)
        page.goto(f"{live_server}/appeals/?year=2025")
        assert page.locator("[data-round-state]").inner_text() == "终审"
        assert page.get_by_text("考核结果已终审，不能再申请复核").is_visible()
        assert page.get_by_role("button", name="提交复核申请").count() == 0
        page.screenshot(path=str(ARTIFACTS / "appeal-final.png"), full_page=True)
    finally:
        context.close()
