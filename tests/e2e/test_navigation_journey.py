"""The office's navigation in a browser: one row at 1280 px, menus that open with a click or the
keyboard and lead to their pages, and the same menus behind the toggler on a phone."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS, browser_login
from tests.helpers import PASSWORD, make_user


@pytest.mark.parametrize("width", [1280, 390])
def test_the_office_finds_every_page_through_four_menus(app, db, live_server, browser, width):
    make_user("office1", ("office",))
    db.session.commit()
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        browser_login(page, live_server, "office1", PASSWORD)
        nav = page.get_by_role("navigation", name="主导航")
        toggler = nav.locator(".navbar-toggler")
        if width < 992:
            toggler.click()
            page.locator("#mainNav.show").wait_for()  # unfolded, its animation over
        else:
            assert not toggler.is_visible()
            items = nav.locator(".navbar-nav > .nav-item")
            tops = {round(items.nth(i).bounding_box()["y"]) for i in range(items.count())}
            assert len(tops) == 1, "the office's navigation holds on one row"
        menu = nav.get_by_role("button", name="考核整改")
        menu.click()
        nav.locator(".dropdown-menu.show").wait_for()
        page.screenshot(path=str(ARTIFACTS / f"navigation-menu-{width}.png"))
        nav.get_by_role("link", name="通报").click()
        page.wait_for_url(f"{live_server}/bulletins/")
        if width < 992:
            toggler.click()
            page.locator("#mainNav.show").wait_for()
        assert "active" in (nav.get_by_role("button", name="考核整改").get_attribute("class") or "")
        # the keyboard: focus a menu, open it with Enter, move down to its first item and follow it
        plans = nav.get_by_role("button", name="规划任务")
        plans.focus()
        page.keyboard.press("Enter")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{live_server}/plans/")
        assert page.get_by_role("heading", level=1).first.is_visible()
    finally:
        context.close()
