"""The office changes plan and task states on their pages (reason required, audited); others cannot."""

from sqlalchemy import select

from supervision.audit.models import AuditEvent
from supervision.plans.models import Plan
from supervision.tasks.models import Task
from tests.builders import make_plan, make_task
from tests.workflow import office_client, post


def _task(db, number=5):
    return db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == number))


def test_office_closes_and_reopens_a_plan_on_its_page(app, runner, db):
    client = office_client(app, runner, db)
    page = "/plans/HZ-2021-2025"
    assert "修改状态" in client.get(page).get_data(as_text=True)
    response = post(client, f"{page}/state", {"status": "closed", "reason": ""}, page, follow_redirects=True)
    assert "请填写原因" in response.get_data(as_text=True)
    assert db.session.scalar(select(Plan.status).where(Plan.code == "HZ-2021-2025")) == "running"
    response = post(client, f"{page}/state", {"status": "closed", "reason": "规划期结束"}, page, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "规划状态已改为“已结束”" in html and "规划已结束：不再催办" in html
    db.session.rollback()
    assert db.session.scalar(select(Plan.status).where(Plan.code == "HZ-2021-2025")) == "closed"
    response = post(client, f"{page}/state", {"status": "running", "reason": "误操作"}, page, follow_redirects=True)
    assert "规划状态已改为“执行中”" in response.get_data(as_text=True)
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "plan")).all()
    assert {"plan.close", "plan.reopen"} <= set(actions)


def test_a_leader_sees_no_state_form_and_cannot_post_it(app, runner, db):
    client = office_client(app, runner, db, roles=("leader",), username="leader1")
    page = "/plans/HZ-2021-2025"
    assert "修改状态" not in client.get(page).get_data(as_text=True)
    assert post(client, f"{page}/state", {"status": "closed", "reason": "x"}, page).status_code == 403


def test_office_closes_a_task_with_a_verdict_and_carries_another_over(app, runner, db):
    client = office_client(app, runner, db)
    assert runner.invoke(args=["milestones", "generate", "--year", "2025"]).exit_code == 0
    task = _task(db)
    page = f"/tasks/{task.id}"
    response = post(client, f"{page}/state", {"action": "completed", "verdict": ""}, page, follow_redirects=True)
    assert "请选择办结结论" in response.get_data(as_text=True)
    response = post(
        client,
        f"{page}/state",
        {"action": "completed", "verdict": "基本完成", "reason": "主要目标已实现"},
        page,
        follow_redirects=True,
    )
    assert "任务状态已改为“已办结”" in response.get_data(as_text=True)
    assert "已办结（基本完成）" in response.get_data(as_text=True)

    new_plan = make_plan("HZ-2026-2030", title="健康杭州2026—2030年规划", start_year=2026, end_year=2030)
    db.session.commit()
    other = _task(db, 6)
    page = f"/tasks/{other.id}"
    assert "复制为“健康杭州2026—2030年规划”的新任务" in client.get(page).get_data(as_text=True)
    data = {"action": "carried_over", "successor": "copy:HZ-2026-2030", "reason": "尚未完成，纳入新规划"}
    response = post(client, f"{page}/state", data, page, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "任务状态已改为“转入新规划”" in html, html[html.find("alert") :][:300]
    db.session.rollback()
    other = db.session.get(Task, other.id)
    successor = other.successor
    assert successor.plan.code == "HZ-2026-2030" and successor.name == other.name
    assert [d.name for d in successor.lead_departments] == [d.name for d in other.lead_departments]
    html = client.get(f"/tasks/{successor.id}").get_data(as_text=True)
    assert "前序任务的历史" in html and "尚未完成，纳入新规划" in html and "2025 年" in html

    existing = make_task(db.session.get(Plan, new_plan.id), name="接续任务")
    db.session.commit()
    third = _task(db, 7)
    page = f"/tasks/{third.id}"
    data = {"action": "carried_over", "successor": f"task:{existing.id}", "reason": "并入新规划任务"}
    post(client, f"{page}/state", data, page)
    db.session.rollback()
    assert db.session.get(Task, third.id).successor_id == existing.id
