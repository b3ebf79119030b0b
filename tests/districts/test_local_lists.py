"""Issue 18.3 on list pages: a district's local plan and tasks stay out of other districts' lists (plans, task
list and search, workbench); the city office lists every district's."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from supervision.milestones.models import Milestone
from supervision.tasks.models import Task
from tests.helpers import login, make_user
from tests.workflow import dept, report_form

SC_TASK, SC_PLAN = "上城区社区健康驿站建设", "上城区本地行动方案"
XH_TASK, XH_PLAN = "西湖区健康步道提升", "西湖区本地行动方案"
LIST_PAGES = ("/plans/", "/tasks/", "/tasks/?q=驿站", "/tasks/?q=社区健康", "/work/?year=2026")


@pytest.fixture
def locals_(world, app, db):
    """Each district office adds a local task; 上城区's liaison submits its first report."""
    for username, district in (("sc_office", "上城区"), ("xh_office", "西湖区")):
        make_user(username, roles=("district_office",), department=dept(db, district))
        world.clients[username] = app.test_client()
        assert login(world.clients[username], username).status_code in (302, 303)
    for user, name in (("sc_office", SC_TASK), ("xh_office", XH_TASK)):
        data = {"name": name, "content": f"{name}的本地任务", "milestone_title": "年度情况", "due_date": "2026-12-20"}
        assert world.post(user, "/districts/local/", data).status_code == 303
    db.session.rollback()
    task = db.session.scalar(select(Task).where(Task.name == SC_TASK))
    milestone = db.session.scalar(select(Milestone).where(Milestone.task_id == task.id))
    world.post("sc_liaison", f"/milestones/{milestone.id}/report", report_form(action="submit", progress="已建成。"))
    return world


def page(world, user, path):
    with world.clients[user].get(path) as response:
        assert response.status_code == 200, (user, path)
        return response.get_data(as_text=True)


@pytest.mark.parametrize("user", ["xh_liaison", "xh_office", "xh_head"])
def test_another_district_lists_no_name_of_shangcheng_local_work(locals_, user):
    for path in LIST_PAGES:
        html = page(locals_, user, path)
        assert SC_TASK not in html and SC_PLAN not in html, (user, path)
    assert XH_PLAN in page(locals_, user, "/plans/")  # its own local plan is listed
    assert XH_TASK in page(locals_, user, "/tasks/?q=健康步道")
    assert "市卫生健康委" in page(locals_, user, "/tasks/")  # the city's catalogue stays listed


def test_the_district_lists_its_own_local_work(locals_):
    assert SC_PLAN in page(locals_, "sc_office", "/plans/") and SC_TASK in page(locals_, "sc_office", "/tasks/?q=驿站")
    assert SC_TASK in page(locals_, "sc_liaison", "/work/?year=2026")  # its workbench: the milestone it leads
    assert XH_TASK not in page(locals_, "sc_liaison", "/work/?year=2026")


def test_the_city_office_lists_both_districts(locals_):
    plans = page(locals_, "office", "/plans/")
    assert SC_PLAN in plans and XH_PLAN in plans
    assert SC_TASK in page(locals_, "office", "/tasks/?q=驿站") and XH_TASK in page(locals_, "office", "/tasks/?q=步道")
    overview = page(locals_, "office", "/work/overview?year=2026")
    assert SC_PLAN in overview and XH_PLAN in overview


def test_the_task_list_export_of_a_district_leaves_other_districts_out(locals_):
    with locals_.clients["xh_liaison"].get("/tasks/?format=xlsx") as response:
        assert response.status_code == 200
        cells = [c for row in load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True) for c in row]
    assert SC_TASK not in cells and XH_TASK in cells
