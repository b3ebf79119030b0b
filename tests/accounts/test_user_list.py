"""The sysadmin's user list: search by user name or name, filters by department and role, pages."""

from __future__ import annotations

from supervision.accounts.queries import active_departments
from tests.helpers import login, make_department, make_user


def admin_client(app):
    make_user("sysadmin1", roles=("sysadmin",))
    client = app.test_client()
    assert login(client, "sysadmin1").status_code == 303
    return client


def test_search_and_filters(app, db):
    sport = make_department("市体育局")
    make_user("wjw_liaison", roles=("liaison",), display_name="王卫健")
    make_user("tyj_head", roles=("dept_head",), department=sport, display_name="赵体育")
    client = admin_client(app)
    html = client.get("/admin/users/?q=体育").get_data(as_text=True)
    assert "tyj_head" in html and "wjw_liaison" not in html and "共 1 个账号" in html
    html = client.get("/admin/users/?q=WJW").get_data(as_text=True)  # user names in any case
    assert "wjw_liaison" in html and "tyj_head" not in html
    html = client.get(f"/admin/users/?department={sport.id}").get_data(as_text=True)
    assert "tyj_head" in html and "wjw_liaison" not in html
    html = client.get("/admin/users/?role=liaison").get_data(as_text=True)
    assert "wjw_liaison" in html and "tyj_head" not in html
    html = client.get("/admin/users/?q=不存在xyz").get_data(as_text=True)
    assert "没有符合条件的账号" in html
    response = client.get("/admin/users/?role=boss")
    assert response.status_code == 400 and "角色无效" in response.get_data(as_text=True)


def test_the_list_is_paginated(app, db):
    for i in range(55):
        make_user(f"user{i:02d}", roles=("liaison",))
    client = admin_client(app)
    first = client.get("/admin/users/").get_data(as_text=True)
    assert "共 56 个账号" in first and "user00" in first and "page=2" in first
    second = client.get("/admin/users/?page=2").get_data(as_text=True)
    assert "user54" in second and "user00" not in second


def test_department_lists_share_one_order(app, db):
    make_department("市体育局")
    make_department("上城区", kind="district")
    make_department("市教育局")
    client = admin_client(app)
    html = client.get("/admin/users/new").get_data(as_text=True)
    names = [d.name for d in active_departments()]
    positions = [html.index(f">{n}</option>") for n in names]
    assert positions == sorted(positions)
