"""The owner enters an indicator value with an evidence file, the office approves it, the owner's workbench shows
it; a task page shows the series of a quantitative target. At 390 and 1280 px (screenshots in test-artifacts/)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from supervision.indicators.models import Indicator
from supervision.indicators.services import assign_owner
from supervision.reports.models import ReportTargetValue
from supervision.tasks.models import Task
from tests.builders import make_milestone, make_report
from tests.e2e.conftest import browser_login
from tests.helpers import PASSWORD, make_user, seed

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _fits(page, name: str, width: int) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, (name, overflow)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [390, 1280])
def test_owner_value_with_evidence_is_approved_and_shown_on_the_workbench(
    app, runner, db, live_server, browser, width, tmp_path
):
    seed(runner)
    office = make_user()
    liaison = make_user("liaison1", roles=("liaison",))
    water = db.session.scalars(select(Indicator).where(Indicator.number == 3)).first()  # ≥96
    assign_owner(water, liaison.department_id, [], actor=office)
    action = db.session.scalar(select(Task).where(Task.kind == "action", Task.number == 21))  # 接种率保持在90%以上
    [target] = action.targets
    for title, due, status, value in (
        ("第一季度", date(2025, 4, 10), "approved", "88%"),
        ("第二季度", date(2025, 7, 10), "approved", "93.5%"),
    ):
        report = make_report(make_milestone(action, title=title, due_date=due), status=status)
        report.target_values.append(ReportTargetValue(target_id=target.id, value=value))
    db.session.commit()
    evidence = tmp_path / "2025年水质公报.pdf"
    evidence.write_bytes(PDF)

    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        browser_login(page, live_server, "liaison1", PASSWORD)
        page.goto(f"{live_server}/indicators/{water.id}")
        page.get_by_label("年份").fill("2025")
        page.get_by_label("数值", exact=True).fill("97.3")
        page.get_by_label("数据来源").fill("市生态环境局")
        page.get_by_role("button", name="保存草稿").click()
        assert page.get_by_text("数值已保存为草稿").is_visible()
        row = page.locator("tr[data-value]", has_text="2025年")
        row.get_by_label("佐证材料").set_input_files(str(evidence))
        row.get_by_role("button", name="上传").click()
        assert page.get_by_text("已上传“2025年水质公报.pdf”").is_visible()
        page.locator("tr[data-value]", has_text="2025年").get_by_role("button", name="提交审核").click()
        assert page.get_by_text("已提交，等待办公室审核").is_visible()
        page.context.clear_cookies()

        browser_login(page, live_server, "office1", PASSWORD)
        page.goto(f"{live_server}/indicators/{water.id}")
        row = page.locator("tr[data-value]", has_text="2025年")
        assert row.get_by_role("link", name="2025年水质公报.pdf").is_visible()  # the review sees the file
        row.get_by_role("button", name="通过").click()
        assert "已通过" in page.locator("tr[data-value]", has_text="2025年").inner_text()
        _fits(page, "indicator-page-evidence", width)
        page.goto(f"{live_server}/tasks/{action.id}")
        card = page.locator(f"[data-target='{target.id}']")
        assert "已达标" in card.inner_text() and "93.5%" in card.inner_text()
        _fits(page, "task-target-series", width)
        page.context.clear_cookies()

        browser_login(page, live_server, "liaison1", PASSWORD)
        page.goto(f"{live_server}/work/?year=2025")
        line = page.locator(f"[data-workbench-indicators] tr[data-indicator='{water.id}']")
        assert "已通过" in line.inner_text() and "已达标" in line.inner_text() and "97.3" in line.inner_text()
        _fits(page, "workbench-indicators", width)
    finally:
        context.close()
