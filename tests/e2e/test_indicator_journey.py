"""The office enters and approves an indicator value in the browser; the dashboard and the indicator page fit
390 and 1280 px (screenshots in test-artifacts/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from supervision.indicators.entries import enter_value, review_value, submit_value
from supervision.indicators.models import Indicator
from tests.e2e.conftest import browser_login
from tests.helpers import PASSWORD, make_user, seed

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.mark.parametrize("width", [390, 1280])
def test_indicator_pages_fit_and_the_office_approves_a_value(app, runner, db, live_server, browser, width):
    seed(runner)
    office = make_user()
    water = db.session.scalars(select(Indicator).where(Indicator.number == 3)).first()  # ≥96, baseline 98.1
    for year, text in {2021: "97.2", 2022: "96.4"}.items():
        row = enter_value(water, year, text, actor=office)
        submit_value(row, actor=office)
        review_value(row, "approve", "", actor=office)
    db.session.commit()
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        browser_login(page, live_server, "office1", PASSWORD)
        page.goto(f"{live_server}/indicators/{water.id}")
        page.get_by_label("年份").fill("2023")
        page.get_by_label("数值", exact=True).fill("95.1")
        page.get_by_label("数据来源").fill("市生态环境局")
        page.get_by_role("button", name="保存草稿").click()
        assert page.get_by_text("数值已保存为草稿").is_visible()
        page.get_by_role("button", name="提交审核").click()
        page.get_by_role("button", name="通过").click()
        row = page.locator("tr[data-value]", has_text="2023年")
        assert "已通过" in row.inner_text() and "未达标" in row.inner_text()
        assert page.locator("svg polyline").count() == 1
        for path in ("/indicators/", f"/indicators/{water.id}"):
            assert page.goto(live_server + path).status == 200
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, (path, overflow)
            ARTIFACTS.mkdir(exist_ok=True)
            name = "indicators-dashboard" if path.endswith("/") else "indicator-page"
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    finally:
        context.close()
