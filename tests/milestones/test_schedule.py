"""The office's schedule settings: template per year, local calendar exceptions, milestones by hand."""

from datetime import date

from sqlalchemy import select

from supervision.accounts.models import Department
from supervision.audit.models import AuditEvent
from supervision.calendar.models import CalendarException
from supervision.milestones.models import Milestone
from supervision.tasks.models import Task
from tests.helpers import login, make_user, post_form, seed


def office(app, runner, db):
    seed(runner)
    make_user("office1", roles=("office",))
    client = app.test_client()
    login(client, "office1")
    return client


def q3_due(db, task_number=5):
    task = db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == task_number))
    return db.session.scalar(select(Milestone.due_date).where(Milestone.task_id == task.id, Milestone.key == "Q3"))


def test_template_change_applies_to_generation(app, runner, db):
    client = office(app, runner, db)
    data = {
        "year": "2025",
        "quarters": ["2", "3"],
        "report_working_days": "10",
        "annual_month": "12",
        "annual_day": "20",
    }
    assert post_form(client, "/work/schedule", data, "/work/schedule?year=2025").status_code == 303
    post_form(client, "/work/milestones/generate", {"year": "2025"}, "/work/overview")
    db.session.rollback()
    keys = set(db.session.scalars(select(Milestone.key).where(Milestone.year == 2025)))
    assert keys == {"Q2", "Q3", "annual"}
    # 10th working day after 2025-09-30, counting the make-up Saturday 10-11
    assert q3_due(db) == date(2025, 10, 21)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "milestone.template")) is not None


def test_invalid_template_is_refused_and_changes_nothing(app, runner, db):
    client = office(app, runner, db)
    data = {"year": "2025", "quarters": [], "report_working_days": "5", "annual_month": "2", "annual_day": "30"}
    post_form(client, "/work/schedule", data, "/work/schedule")
    assert "请至少选择一个季度" in client.get("/work/schedule?year=2025").get_data(as_text=True)
    data["quarters"] = ["1"]
    post_form(client, "/work/schedule", data, "/work/schedule")
    assert "年度总结截止日期无效" in client.get("/work/schedule?year=2025").get_data(as_text=True)


def test_local_holiday_moves_due_dates(app, runner, db):
    client = office(app, runner, db)
    post_form(client, "/work/calendar", {"day": "2025-10-13", "kind": "holiday", "note": "本地活动"}, "/work/schedule")
    post_form(client, "/work/calendar", {"day": "2025-10-13", "kind": "holiday"}, "/work/schedule")
    assert "已有本地调整" in client.get("/work/schedule").get_data(as_text=True)
    post_form(client, "/work/milestones/generate", {"year": "2025"}, "/work/overview")
    db.session.rollback()
    assert q3_due(db) == date(2025, 10, 15)
    row = db.session.scalar(select(CalendarException))
    post_form(client, f"/work/calendar/{row.id}/delete", {}, "/work/schedule")
    db.session.rollback()
    assert db.session.scalar(select(CalendarException)) is None


def test_office_adds_and_edits_milestones_by_hand(app, runner, db):
    client = office(app, runner, db)
    task = db.session.scalar(select(Task).where(Task.kind == "action", Task.number == 1))
    data = {"title": "专项督查材料报送", "due_date": "2025-06-20"}
    assert post_form(client, f"/tasks/{task.id}/milestones", data, f"/tasks/{task.id}").status_code == 303
    db.session.rollback()
    milestone = db.session.scalar(select(Milestone).where(Milestone.title == "专项督查材料报送"))
    assert milestone.due_date == date(2025, 6, 20) and milestone.year == 2025 and milestone.key is None
    data = {"title": "专项督查材料报送（延期）", "due_date": "2025-06-30"}
    post_form(client, f"/milestones/{milestone.id}/edit", data, f"/milestones/{milestone.id}")
    db.session.rollback()
    milestone = db.session.get(Milestone, milestone.id)
    assert milestone.title.endswith("（延期）") and milestone.due_date == date(2025, 6, 30)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "milestone.edit"))
    assert event.before["due_date"] == "2025-06-20" and event.after["due_date"] == "2025-06-30"


def test_office_sets_head_approval_for_a_department(app, runner, db):
    client = office(app, runner, db)
    sport = db.session.scalar(select(Department).where(Department.name == "市体育局"))
    page = f"/departments/{sport.id}"
    post_form(client, f"/departments/{sport.id}/settings", {"requires_head_approval": "1"}, page)
    db.session.rollback()
    assert db.session.get(Department, sport.id).requires_head_approval is True


def test_only_the_office_changes_the_schedule(app, runner, db):
    seed(runner)
    make_user("liaison1", roles=("liaison",))
    client = app.test_client()
    login(client, "liaison1")
    assert client.get("/work/schedule").status_code == 403
    task = db.session.scalar(select(Task).where(Task.kind == "action", Task.number == 1))
    response = post_form(client, f"/tasks/{task.id}/milestones", {"title": "x", "due_date": "2025-06-20"})
    assert response.status_code == 403
    db.session.rollback()
    assert db.session.scalar(select(Milestone)) is None
