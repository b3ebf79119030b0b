"""The office computes the year's assessment in the browser: ranked units with 并列, 不参评 units listed apart
(screenshots in test-artifacts/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from supervision.assessment.models import Assessment
from tests.assessment.builders import Year2025
from tests.e2e.conftest import browser_login
from tests.helpers import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.mark.parametrize("width", [390, 1280])
def test_the_results_page_lists_units_that_do_not_participate_apart(
    app, runner, db, live_server, browser, monkeypatch, width
):
    Year2025(runner, db, monkeypatch).build()
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        browser_login(page, live_server, "office1", PASSWORD)
        page.goto(f"{live_server}/assessment/?year=2025")
        page.get_by_role("button", name="计算考核结果").click()
        assert page.get_by_text("已计算 2025 年度考核结果").is_visible()
        db.session.rollback()
        rows = db.session.scalars(select(Assessment).where(Assessment.year == 2025)).all()
        idle = next(a.department.name for a in rows if not a.rated)  # nothing led, contributed or owned
        apart = page.locator("table[aria-describedby=not-participating]")
        assert page.get_by_role("heading", name="不参评单位").is_visible()
        assert apart.get_by_text(idle, exact=True).is_visible()
        ranked = page.locator("table").first
        assert ranked.get_by_text("市教育局").is_visible() and ranked.get_by_text(idle, exact=True).count() == 0
        assert ranked.get_by_text("市司法局").is_visible()  # cooperation alone is scored
        assert ranked.get_by_text("并列第", exact=False).count() >= 2
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"assessment-participation-{width}.png"), full_page=True)
        page.get_by_role("link", name=idle, exact=True).click()
        assert page.get_by_text("不参评", exact=False).first.is_visible()
    finally:
        context.close()
