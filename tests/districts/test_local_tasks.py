"""A district's own tasks: its office (区健康办) creates them, its liaison reports, its office reviews; another
district never reads or changes them (every object route), and the city office reads them but does not review."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from supervision.audit.models import AuditEvent
from supervision.clock import today
from supervision.districts.dashboard import district_figures
from supervision.milestones.models import Milestone
from supervision.plans.models import Plan
from supervision.reports.models import Report
from supervision.tasks.models import Task
from tests.districts.test_permissions import object_routes, snapshot
from tests.helpers import login, make_user
from tests.workflow import dept, report_form

OBJECT_ARGS = {"milestone_id", "task_id", "report_id", "plan_id", "code"}


@pytest.fixture
def offices(world, app, db):
    for username, district in (("sc_office", "上城区"), ("xh_office", "西湖区")):
        make_user(username, roles=("district_office",), department=dept(db, district))
        world.clients[username] = app.test_client()
        assert login(world.clients[username], username).status_code in (302, 303)
    return world


def create(world, name="上城区社区健康驿站建设", due="2026-12-20", user="sc_office"):
    data = {"name": name, "content": "每个街道建成一个健康驿站", "milestone_title": "年度建设情况", "due_date": due}
    return world.post(user, "/districts/local/", data)


@pytest.fixture
def local(offices, db):
    assert create(offices).status_code == 303
    db.session.rollback()
    task = db.session.scalar(select(Task).where(Task.name == "上城区社区健康驿站建设"))
    milestone = db.session.scalar(select(Milestone).where(Milestone.task_id == task.id))
    page = f"/milestones/{milestone.id}"
    offices.post("sc_liaison", f"{page}/report", report_form(action="submit", progress="已建成 6 个驿站。"))
    db.session.rollback()
    report = db.session.scalar(select(Report).where(Report.milestone_id == milestone.id))
    assert report.status == "pending_review"
    return {"task": task, "milestone": milestone, "report": report}


def test_the_district_office_creates_a_local_task_led_by_its_district(local, offices, db):
    task = local["task"]
    assert [d.name for d in task.lead_departments] == ["上城区"]
    assert task.plan.title == "上城区本地行动方案"
    assert local["milestone"].title == "年度建设情况"
    html = offices.clients["sc_office"].get("/districts/local/").get_data(as_text=True)
    assert "上城区社区健康驿站建设" in html and "已建成 6 个驿站。" in html
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "district.local_task_add"))


@pytest.mark.parametrize(
    ("data", "message"),
    [({"name": ""}, "请填写任务名称"), ({"due": "2026-13-40"}, "截止日期"), ({"name": "名" * 300}, "任务名称")],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(offices, db, data, message):
    plans = db.session.scalar(select(Plan.id).order_by(Plan.id.desc()))
    response = create(offices, **data)
    assert response.status_code == 303
    html = offices.clients["sc_office"].get("/districts/local/").get_data(as_text=True)
    assert message in html
    db.session.rollback()
    assert db.session.scalar(select(Plan.id).order_by(Plan.id.desc())) == plans


def test_only_a_district_office_creates_local_tasks(offices, db):
    for user in ("sc_liaison", "sc_head", "office", "leader"):
        assert create(offices, user=user).status_code == 403, user
    db.session.rollback()
    assert db.session.scalar(select(Task).where(Task.name == "上城区社区健康驿站建设")) is None


def test_the_district_office_reviews_not_the_city_office(app, local, offices, db):
    report = local["report"]
    path = f"/districts/local/reports/{report.id}/review"
    assert offices.post("office", f"/reports/{report.id}/review", {"outcome": "approved"}).status_code == 403
    assert offices.post("xh_office", path, {"outcome": "approved"}).status_code == 403
    offices.post("sc_office", path, {"outcome": "returned", "comment": ""})
    db.session.rollback()
    assert db.session.get(Report, report.id).status == "pending_review"  # a return needs a comment
    assert offices.post("sc_office", path, {"outcome": "approved", "comment": "同意"}).status_code == 303
    db.session.rollback()
    assert db.session.get(Report, report.id).status == "approved"
    with app.app_context():
        figures = {row.name: row for row in district_figures(2026, today())}
    assert (figures["上城区"].done, figures["上城区"].total, figures["西湖区"].total) == (1, 1, 0)


def test_the_city_office_and_leaders_read_every_districts_local_tasks(local, offices, db):
    sc = dept(db, "上城区")
    for user in ("office", "leader"):
        client = offices.clients[user]
        assert "上城区社区健康驿站建设" in client.get(f"/districts/local/?district={sc.id}").get_data(as_text=True)
        assert client.get(f"/milestones/{local['milestone'].id}").status_code == 200
    assert offices.clients["office"].get("/districts/local/?district=abc").status_code == 200


def test_another_district_never_reads_or_changes_a_local_task_on_any_route(app, local, offices, db):
    args = {
        "milestone_id": local["milestone"].id,
        "task_id": local["task"].id,
        "report_id": local["report"].id,
        "plan_id": local["task"].plan_id,
        "code": local["task"].plan.code,
    }
    before = snapshot(db)
    checked = set()
    for rule in app.url_map.iter_rules():
        if not (rule.arguments and rule.arguments <= OBJECT_ARGS) or rule.rule.startswith("/api/"):
            continue
        if "code" in rule.arguments and not rule.rule.startswith("/plans/"):
            continue
        path = rule.build({a: args[a] for a in rule.arguments}, append_unknown=False)[1]
        for user in ("xh_liaison", "xh_head", "xh_office"):
            if "GET" in rule.methods:
                with offices.clients[user].get(path) as response:
                    assert response.status_code == 403, (user, path, response.status_code)
            if "POST" in rule.methods:
                data = {"text": "越权", "title": "越权", "due_date": "2026-12-30", "outcome": "approved"}
                assert offices.post(user, path, data).status_code == 403, (user, path)
        checked.add(rule.rule)
    assert {"/tasks/<int:task_id>", "/districts/local/reports/<int:report_id>/review"} <= checked
    assert "/plans/<code>" in checked
    assert snapshot(db) == before
    html = offices.clients["xh_office"].get("/districts/local/").get_data(as_text=True)
    assert "上城区社区健康驿站建设" not in html


def test_the_district_walk_of_object_routes_covers_the_local_task_routes(app):
    rules = {r.rule for r in object_routes(app)}
    assert "/districts/local/reports/<int:report_id>/review" in rules


@pytest.mark.parametrize(("submitted_utc", "on_time"), [("2026-12-20 15:30", 1), ("2026-12-20 16:30", 0)])
def test_a_local_report_is_on_time_by_its_shanghai_date(app, local, offices, db, submitted_utc, on_time):
    """23:30 in Hangzhou on the due date is on time; half past midnight is the next day, late."""
    report = local["report"]
    path = f"/districts/local/reports/{report.id}/review"
    assert offices.post("sc_office", path, {"outcome": "approved", "comment": "同意"}).status_code == 303
    db.session.rollback()
    moment = datetime.strptime(submitted_utc, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    db.session.execute(update(Report).where(Report.id == report.id).values(submitted_at=moment))
    db.session.commit()
    with app.app_context():
        figures = {row.name: row for row in district_figures(2026, date(2026, 12, 31))}
    sc = figures["上城区"]
    assert (sc.done, sc.due, sc.on_time, sc.quarters["第4季度"]) == (1, 1, on_time, [on_time, 1])
    assert sc.on_time_rate == 100 * on_time
