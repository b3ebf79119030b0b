"""Task pages: the task page, search and filters, assignment (交办)."""

from __future__ import annotations

from sqlalchemy import select

from supervision.accounts.models import Department
from supervision.audit.models import AuditEvent
from supervision.tasks.models import Task
from tests.helpers import post_form
from tests.workflow import key_project, office_client


def test_task_page_shows_content_period_and_department_links(app, runner, db):
    client = office_client(app, runner, db, roles=("liaison",), username="liaison1")
    task = key_project(db, 1)
    html = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert task.content in html and "2021—2025年" in html
    lead = db.session.scalar(select(Department).where(Department.name == "市建委"))
    assert f"/departments/{lead.id}" in html
    assert "保存交办" not in html  # only the office assigns
    page = client.get(f"/departments/{lead.id}").get_data(as_text=True)
    assert "牵头任务（" in page and "提升健康支持性环境" in page


def test_search_and_filter_tasks(app, runner, db):
    client = office_client(app, runner, db)
    html = client.get("/tasks/?q=立法").get_data(as_text=True)
    assert "推动地方健康立法" in html and "共 3 项" in html  # two more mention 立法 in their content
    html = client.get("/tasks/?q=条例&plan=HZ-ACTION-2023-2025").get_data(as_text=True)
    assert "共 1 项" in html
    html = client.get("/tasks/?plan=HZ-ACTION-2023-2025&category=普及健康生活方式").get_data(as_text=True)
    assert "共 5 项" in html
    sport = db.session.scalar(select(Department).where(Department.name == "市体育局"))
    html = client.get(f"/tasks/?department={sport.id}&role=lead").get_data(as_text=True)
    assert "共 0 项" in html or "没有符合条件的任务" in html
    assert "没有符合条件的任务" in client.get("/tasks/?q=不存在的关键词xyz").get_data(as_text=True)


def test_office_assigns_departments_and_the_change_is_audited(app, runner, db):
    client = office_client(app, runner, db)
    task = db.session.scalar(select(Task).where(Task.kind == "action", Task.number == 3))
    sport = db.session.scalar(select(Department).where(Department.name == "市体育局"))
    edu = db.session.scalar(select(Department).where(Department.name == "市教育局"))
    response = post_form(
        client, f"/tasks/{task.id}/assign", {"lead": [sport.id], "cooperating": [edu.id]}, f"/tasks/{task.id}"
    )
    assert response.status_code == 303
    db.session.rollback()
    task = db.session.get(Task, task.id)
    assert [d.name for d in task.lead_departments] == ["市体育局"]
    assert [d.name for d in task.cooperating_departments] == ["市教育局"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "task.assign"))
    assert event.username == "office1" and event.before == {"lead": [], "cooperating": []}
    assert event.after == {"lead": ["市体育局"], "cooperating": ["市教育局"]}
    html = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "交办已保存" in html and "office1" in html


def test_assignment_needs_a_lead_and_changes_nothing_otherwise(app, runner, db):
    client = office_client(app, runner, db)
    task = key_project(db, 4)
    response = post_form(client, f"/tasks/{task.id}/assign", {"lead": []}, f"/tasks/{task.id}")
    assert response.status_code == 303
    assert "至少需要一个牵头部门" in client.get(f"/tasks/{task.id}").get_data(as_text=True)
    db.session.rollback()
    assert [d.name for d in db.session.get(Task, task.id).lead_departments] == ["市卫生健康委"]


def test_liaison_cannot_assign(app, runner, db):
    client = office_client(app, runner, db, roles=("liaison",), username="liaison1")
    task = key_project(db, 4)
    sport = db.session.scalar(select(Department).where(Department.name == "市体育局"))
    response = post_form(client, f"/tasks/{task.id}/assign", {"lead": [sport.id]}, f"/tasks/{task.id}")
    assert response.status_code == 403
    db.session.rollback()
    assert [d.name for d in db.session.get(Task, task.id).lead_departments] == ["市卫生健康委"]
