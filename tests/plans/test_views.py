"""Catalogue pages and assignment (交办) through the browser-facing routes."""

from tests.workflow import office_client


def test_plan_page_groups_tasks_by_category(app, runner, db):
    client = office_client(app, runner, db, roles=("leader",), username="leader1")
    html = client.get("/plans/").get_data(as_text=True)
    assert "健康杭州“十四五”规划" in html and "健康杭州三年行动计划" in html
    html = client.get("/plans/HZ-2021-2025").get_data(as_text=True)
    assert html.index("健康环境项目") < html.index("健康治理项目")
    assert "提升健康支持性环境" in html and "市建委" in html
    html = client.get("/plans/HZ-ACTION-2023-2025").get_data(as_text=True)
    assert "普及健康生活方式" in html and "未交办" in html


def test_catalogue_needs_login_and_a_business_role(app, runner, db):
    assert app.test_client().get("/plans/").status_code == 302
    client = office_client(app, runner, db, roles=("sysadmin",), username="admin1")
    assert client.get("/plans/").status_code == 403
