"""Batch 交办, the list of tasks waiting for a lead, the 未交办 row and the units without a liaison."""

from __future__ import annotations

from sqlalchemy import func, select

from supervision.accounts.models import Department
from supervision.audit.models import AuditEvent
from supervision.tasks.models import Task
from supervision.tasks.queries import unassigned_tasks
from tests.builders import make_user
from tests.helpers import post_form
from tests.workflow import office_client


def _dept(db, name: str) -> Department:
    return db.session.scalar(select(Department).where(Department.name == name))


def _assign_events(db) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "task.assign")))


def test_the_office_sees_the_tasks_waiting_for_a_lead_with_pickers(app, runner, db):
    client = office_client(app, runner, db)
    waiting = unassigned_tasks()
    assert waiting and all(not t.lead_departments for t in waiting)
    html = client.get("/tasks/unassigned").get_data(as_text=True)
    assert f"待交办任务（{len(waiting)} 项）" in html
    assert waiting[0].name in html
    assert 'data-picker="1"' in html and "js/picker.js" in html and "css/picker.css" in html
    assert "待交办任务（批量交办）" in client.get("/tasks/").get_data(as_text=True)


def test_batch_assign_confirms_then_assigns_every_task_audited_per_task(app, runner, db):
    client = office_client(app, runner, db)
    chosen = [t.id for t in unassigned_tasks()[:3]]
    sport, edu = _dept(db, "市体育局"), _dept(db, "市教育局")
    data = {"tasks": chosen, "lead": [sport.id], "cooperating": [edu.id]}
    preview = post_form(client, "/tasks/assign-batch", data, "/tasks/unassigned")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "确认批量交办（3 项）" in html and "市体育局" in html
    db.session.rollback()
    assert not _assign_events(db)  # the preview changes nothing
    response = post_form(client, "/tasks/assign-batch", data | {"confirm": "1"}, "/tasks/unassigned")
    assert response.status_code == 303
    db.session.rollback()
    for task_id in chosen:
        task = db.session.get(Task, task_id)
        assert [d.name for d in task.lead_departments] == ["市体育局"]
        assert [d.name for d in task.cooperating_departments] == ["市教育局"]
    events = _assign_events(db)
    assert sorted(int(e.object_id) for e in events) == sorted(chosen)
    assert all(
        e.username == "office1" and e.after == {"lead": ["市体育局"], "cooperating": ["市教育局"]} for e in events
    )
    html = client.get("/tasks/unassigned").get_data(as_text=True)
    assert "已批量交办 3 项任务" in html


def test_batch_assign_is_all_or_nothing(app, runner, db):
    client = office_client(app, runner, db)
    chosen = [t.id for t in unassigned_tasks()[:2]]
    sport = _dept(db, "市体育局")
    sport.active = False  # one stopped department makes the whole batch fail
    db.session.commit()
    response = post_form(
        client, "/tasks/assign-batch", {"tasks": chosen, "lead": [sport.id], "confirm": "1"}, "/tasks/unassigned"
    )
    assert response.status_code == 303  # not a valid choice any more: refused before any change
    db.session.rollback()
    assert not _assign_events(db)
    assert all(not db.session.get(Task, i).lead_departments for i in chosen)


def test_bad_batch_input_gets_a_chinese_message_and_changes_nothing(app, runner, db):
    client = office_client(app, runner, db)
    chosen = [t.id for t in unassigned_tasks()[:2]]
    sport = _dept(db, "市体育局")
    cases = [
        ({"lead": [sport.id], "confirm": "1"}, "请至少勾选一项任务"),
        ({"tasks": chosen, "confirm": "1"}, "至少需要一个牵头部门"),
        ({"tasks": chosen, "lead": [sport.id], "cooperating": [sport.id], "confirm": "1"}, "既是牵头部门又是配合部门"),
    ]
    for data, message in cases:
        response = post_form(client, "/tasks/assign-batch", data, "/tasks/unassigned")
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    response = post_form(client, "/tasks/assign-batch", {"tasks": ["x"], "lead": [sport.id]}, "/tasks/unassigned")
    assert response.status_code == 303
    assert "所选任务或部门无效" in client.get("/tasks/unassigned").get_data(as_text=True)
    db.session.rollback()
    assert not _assign_events(db)


def test_batch_assign_is_for_the_office_only(app, runner, db):
    client = office_client(app, runner, db, roles=("liaison",), username="liaison1")
    assert client.get("/tasks/unassigned").status_code == 403
    assert client.get("/departments/without-liaison").status_code == 403


def test_the_overview_has_a_row_for_tasks_without_a_lead(app, runner, db):
    client = office_client(app, runner, db)
    result = runner.invoke(args=["milestones", "generate", "--year", "2025"])
    assert result.exit_code == 0, result.output
    html = client.get("/work/overview?year=2025").get_data(as_text=True)
    assert "data-unassigned-row" in html and "<td>未交办</td>" in html


def test_units_with_tasks_but_no_active_liaison_are_listed(app, runner, db):
    client = office_client(app, runner, db)
    html = client.get("/departments/without-liaison").get_data(as_text=True)
    assert "市建委" in html
    make_user("jw_liaison", roles=("liaison",), department="市建委")
    html = client.get("/departments/without-liaison").get_data(as_text=True)
    assert ">市建委<" not in html
    total = db.session.scalar(select(func.count()).select_from(Department))
    assert f"（{total} 个）" not in html
