"""The office drafts the 2025 Q4 通报 in the browser, edits a section and issues it; a liaison of a department it
is addressed to finds it on the 通报 page and downloads it. Screenshots at 1280 and 390 px in test-artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from supervision.bulletins.models import Bulletin
from supervision.extensions import db as _db
from tests.bulletins.world import build_world
from tests.e2e.conftest import browser_login
from tests.helpers import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shoot(page, name: str, width: int) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, (name, overflow)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_office_issues_a_quarterly_bulletin_and_a_department_receives_it(db, live_server, browser, width):
    build_world()
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 844}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        browser_login(page, live_server, "office1", PASSWORD)
        page.goto(f"{live_server}/bulletins/")
        page.get_by_label("通报类型").select_option("quarter")
        page.get_by_label("年份").fill("2025")
        page.get_by_label("季度（季度通报）").select_option("4")
        page.get_by_role("button", name="起草通报").click()
        assert page.get_by_text("已起草2025年第四季度通报").is_visible()
        assert "市体育局" in page.locator("#part-overdue").inner_text()
        page.get_by_label("整改要求（文字）").fill("请市体育局于2026年12月31日前完成逾期事项整改。")
        page.get_by_role("button", name="保存各节文字").click()
        assert page.get_by_text("通报内容已保存").is_visible()
        shoot(page, "bulletin-draft", width)
        page.get_by_role("button", name="印发通报").click()
        assert page.get_by_text("已印发健康办通〔").is_visible()
        code = page.locator("[data-code]").inner_text()
        assert code.startswith("健康办通〔") and code.endswith("1号")
        context.clear_cookies()

        browser_login(page, live_server, "sport1", PASSWORD)
        page.goto(f"{live_server}/bulletins/")
        row = page.locator("[data-bulletin]", has_text=code)
        assert "已印发" in row.inner_text()
        shoot(page, "bulletin-list-liaison", width)
        with page.expect_download() as download:
            row.get_by_role("link", name="Word").click()
        assert download.value.suggested_filename.endswith(".docx") and code in download.value.suggested_filename
        row.get_by_role("link", name=code).click()
        assert page.get_by_text("请市体育局于2026年12月31日前完成逾期事项整改。").is_visible()
        shoot(page, "bulletin-issued-liaison", width)
        bulletin = _db.session.scalar(select(Bulletin))
        assert bulletin.issued and {r.department.name for r in bulletin.recipients} == {"市体育局", "市教育局"}
    finally:
        context.close()
