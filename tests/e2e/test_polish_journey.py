"""Polish at 1280 px: every role's main pages keep their buttons on one line, lists and the milestone page
offer 打印, and print media hides the navigation; a 404 keeps the navigation; the scheme form saves."""

from __future__ import annotations

from sqlalchemy import select

from supervision.accounts.models import Department
from supervision.config import ROOT
from tests.e2e.conftest import browser_login
from tests.e2e.test_journeys import world
from tests.helpers import PASSWORD, make_user

SHOTS = ROOT / "test-artifacts"
# Buttons whose text box is taller than one line (+ a little slack) have wrapped.
WRAPPED = """() => Array.from(document.querySelectorAll('.btn')).filter(b => b.offsetParent !== null).filter(b => {
  const cs = getComputedStyle(b);
  const line = parseFloat(cs.lineHeight) || parseFloat(cs.fontSize) * 1.5;
  const inner = b.getBoundingClientRect().height - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom)
    - parseFloat(cs.borderTopWidth) - parseFloat(cs.borderBottomWidth);
  return inner > line * 1.4;
}).map(b => b.textContent.trim())"""
SHOWN_TABLES = """() => Array.from(document.querySelectorAll('#main table'))
  .filter(t => !t.closest('.visually-hidden') && t.offsetParent !== null).length"""


def _check(page, base: str, path: str, name: str, *, printable: bool = False) -> None:
    response = page.goto(base + path)
    assert response.status == 200, path
    assert page.evaluate(WRAPPED) == [], (path, "buttons wrap")
    nav = page.get_by_role("navigation", name="主导航")
    assert nav.is_visible()
    print_button = page.locator("[data-print]")
    if printable:
        assert print_button.is_visible(), path
    page.screenshot(path=str(SHOTS / f"polish-{name}.png"), full_page=True)
    tables = page.evaluate(SHOWN_TABLES)
    page.emulate_media(media="print")
    try:
        assert not nav.is_visible(), path
        assert page.locator("footer").is_hidden()
        if printable:
            assert print_button.is_hidden()
        assert page.evaluate(SHOWN_TABLES) >= tables, path  # every table shown on screen is printed
        visible_buttons = page.evaluate(
            "() => Array.from(document.querySelectorAll('.btn')).filter(b => b.offsetParent !== null).length"
        )
        assert visible_buttons == 0, path
        if name in ("office-tasks", "liaison-milestone"):
            page.screenshot(path=str(SHOTS / f"polish-{name}-print.png"), full_page=True)
    finally:
        page.emulate_media(media="screen")


def test_main_pages_of_each_role_at_1280(app, runner, db, live_server, browser):
    _task, overdue, _soon = world(runner, db)
    health = db.session.scalar(select(Department).where(Department.name == "市卫生健康委"))
    make_user("office1", roles=("office",))
    make_user("leader1", roles=("leader",))
    make_user("head1", roles=("dept_head",), department=health)
    db.session.commit()
    SHOTS.mkdir(exist_ok=True)
    milestone = f"/milestones/{overdue.id}"
    year = overdue.year
    pages = {
        "office1": [
            ("/home/office", "office-home", False),
            ("/work/overview", "office-overview", True),
            ("/reviews/", "office-reviews", False),
            ("/tasks/", "office-tasks", True),
            ("/dashboard/", "office-dashboard", False),
            (f"/assessment/{year}/scheme", "office-scheme", True),
            (milestone, "office-milestone", True),
        ],
        "wang": [
            ("/work/", "liaison-work", False),
            (milestone, "liaison-milestone", True),
            ("/tasks/", "liaison-tasks", True),
        ],
        "head1": [("/work/", "head-work", False), ("/reviews/", "head-reviews", False)],
        "leader1": [("/dashboard/", "leader-dashboard", False), ("/work/overview", "leader-overview", True)],
    }
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        for username, paths in pages.items():
            browser_login(page, live_server, username, PASSWORD)
            nav_labels = page.get_by_role("navigation", name="主导航").locator(".nav-link").all_inner_texts()
            assert nav_labels.count("首页") <= 1
            if username in ("wang", "head1", "leader1"):  # their home is 我的任务 / 数据看板, no second 首页
                assert "首页" not in nav_labels
            for path, name, printable in paths:
                _check(page, live_server, path, name, printable=printable)
            response = page.goto(live_server + "/no/such/page")
            assert response.status == 404
            assert page.get_by_role("navigation", name="主导航").is_visible()
            assert page.get_by_role("heading", name="页面不存在").is_visible()
            page.context.clear_cookies()
    finally:
        context.close()


def test_office_changes_a_weight_through_the_scheme_form(app, runner, db, live_server, page):
    world(runner, db)
    make_user("office1", roles=("office",))
    db.session.commit()
    browser_login(page, live_server, "office1", PASSWORD)
    page.goto(f"{live_server}/assessment/2025/scheme")
    page.get_by_label("牵头任务完成情况 权重").fill("45")
    page.get_by_role("button", name="保存设置").click()
    page.get_by_text("各评分项权重之和（105）应等于“基础分”（100）").wait_for()
    assert page.get_by_label("牵头任务完成情况 权重").input_value() == "45"  # the value as typed comes back
    page.get_by_label("牵头任务完成情况 权重").fill("35")
    page.get_by_label("配合任务完成情况 权重").fill("15")
    page.get_by_role("button", name="保存设置").click()
    page.get_by_text("已保存 2025 年度评分细则").wait_for()
    assert page.get_by_label("牵头任务完成情况 权重").input_value() == "35"
    page.screenshot(path=str(SHOTS / "polish-scheme-form.png"), full_page=True)
