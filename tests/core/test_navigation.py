"""The main navigation: a short one is flat; the office's long one folds into four menus, every page
still one click away, and the menu of the page shown is marked."""

from __future__ import annotations

import re

from supervision import templating
from tests.helpers import login, make_user

TOGGLE = re.compile(r'class="nav-link dropdown-toggle[^"]*"[^>]*>([^<]+)</a>')


def _nav(html: str) -> str:
    return html.split('aria-label="主导航"', 1)[1].split("</nav>", 1)[0]


def test_the_office_gets_four_menus_and_every_page_is_linked(client):
    make_user("office1", ("office",))
    login(client, "office1")
    nav = _nav(client.get("/tasks/").get_data(as_text=True))
    assert TOGGLE.findall(nav) == ["规划任务", "区县", "考核整改", "系统管理"]
    top = re.findall(r'<li class="nav-item"><a class="nav-link[^"]*"\s+href="[^"]+"[^>]*>([^<]+)', nav)
    assert top == ["首页", "督办总览", "审核工作台", "数据看板"]
    for label, path in [("任务查询", "/tasks/"), ("通报", "/bulletins/")]:
        assert re.search(rf'href="{path}"[^>]*>{label}', nav)
    assert ">本地任务" in nav and ">节假日安排" in nav and ">催办管理" in nav
    # the page shown: its item and its menu are marked
    assert re.search(r'dropdown-toggle active"[^>]*aria-current="true">规划任务', nav)
    assert re.search(r'class="dropdown-item active"\s+href="/tasks/" aria-current="page">任务查询', nav)


def test_a_liaisons_navigation_stays_flat(client):
    make_user("liaison1", ("liaison",))
    login(client, "liaison1")
    nav = _nav(client.get("/work/").get_data(as_text=True))
    assert "dropdown" not in nav
    assert ">我的任务" in nav and ">任务查询" in nav and ">通报" in nav and "催办管理" not in nav


def test_a_lone_item_of_a_group_stays_a_link(client, monkeypatch):
    monkeypatch.setattr(templating, "NAV_FLAT_MAX", 1)  # fold even the auditor's short navigation
    make_user("auditor1", ("auditor",))
    login(client, "auditor1")
    nav = _nav(client.get("/audit/").get_data(as_text=True))
    assert "dropdown" not in nav  # 操作日志 is its only 系统管理 item
    assert re.search(r'<li class="nav-item"><a class="nav-link active"\s+href="/audit/"[^>]*>操作日志', nav)
