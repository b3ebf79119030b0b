"""Daily pages at a phone's width (390 px) and in Chinese: no sideways scrolling, navigation collapses."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import browser_login
from tests.e2e.test_journeys import world
from tests.helpers import PASSWORD, make_user

PAGES = ["/work/", "/tasks/", "/plans/", "/dashboard/", "/work/overview"]


@pytest.mark.parametrize("width", [390, 1280])
def test_pages_fit_the_screen(app, runner, db, live_server, browser, width):
    world(runner, db)
    make_user("leader1", roles=("leader",))
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 844})
    page = context.new_page()
    try:
        for username in ("wang", "leader1"):
            browser_login(page, live_server, username, PASSWORD)
            for path in PAGES:
                response = page.goto(live_server + path)
                if response.status == 403:
                    continue
                assert response.status == 200, path
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 1, (username, path, overflow)
                assert page.locator("html").get_attribute("lang") == "zh-CN"
            page.goto(live_server + "/tasks/")
            toggler = page.get_by_role("button", name="展开导航")
            assert toggler.is_visible() == (width < 992)
            page.context.clear_cookies()
    finally:
        context.close()
