"""A district account never reads or changes another district's items, nor the city's own tasks: every route
of the route map that takes such an object's id answers 403 and changes nothing."""

import io

import pytest
from sqlalchemy import select

from supervision.accounts.models import Department
from supervision.evidence.models import Evidence
from supervision.milestones.models import Milestone
from supervision.reports.models import Contribution, Report
from tests.districts.conftest import key_project
from tests.workflow import PDF, report_form

DISTRICT_USERS = ("xh_liaison", "xh_head")
OBJECT_ARGS = {"milestone_id", "task_id", "report_id", "evidence_id", "contribution_id", "department_id"}


@pytest.fixture
def items(world, db):
    """上城区's draft and file on key project 1; key project 5 is the city's own (no district on it)."""
    world.post("sc_liaison", f"{world.page}/contribution", {"text": "上城区草稿"})
    upload = {"file": (io.BytesIO(PDF), "上城区材料.pdf")}
    world.post("sc_liaison", f"{world.page}/evidence", upload, content_type="multipart/form-data")
    city_task = key_project(db, 5)
    city_q3 = db.session.scalar(select(Milestone).where(Milestone.task_id == city_task.id, Milestone.key == "Q3"))
    world.post("lead_liaison", f"/milestones/{city_q3.id}/report", report_form())
    upload = {"file": (io.BytesIO(PDF), "市级材料.pdf")}
    world.post("lead_liaison", f"/milestones/{city_q3.id}/evidence", upload, content_type="multipart/form-data")
    db.session.rollback()
    sc_evidence = db.session.scalar(select(Evidence).where(Evidence.filename == "上城区材料.pdf"))
    return {
        "milestone_id": city_q3.id,
        "task_id": city_task.id,
        "report_id": db.session.scalar(select(Report.id).where(Report.milestone_id == city_q3.id)),
        "evidence_id": sc_evidence.id,
        "contribution_id": db.session.scalar(select(Contribution.id)),
        "department_id": db.session.scalar(select(Department.id).where(Department.name == "上城区")),
    }


def snapshot(db):
    db.session.rollback()
    return (
        [(r.status, r.progress, r.version) for r in db.session.scalars(select(Report))],
        [(c.text, c.status, c.included_in_report) for c in db.session.scalars(select(Contribution))],
        [(e.withdrawn_at, e.verdict) for e in db.session.scalars(select(Evidence))],
        [(m.title, m.due_date) for m in db.session.scalars(select(Milestone).order_by(Milestone.id))],
        [(d.name, d.active, d.requires_head_approval) for d in db.session.scalars(select(Department))],
    )


def object_routes(app):
    """Every route of the map whose arguments are all object ids (the API answers tokens, not accounts)."""
    for rule in app.url_map.iter_rules():
        if rule.arguments and rule.arguments <= OBJECT_ARGS and not rule.rule.startswith("/api/"):
            yield rule


def test_every_route_refuses_another_districts_and_the_citys_items(app, world, items, db):
    before = snapshot(db)
    checked = set()
    for rule in object_routes(app):
        # each argument in turn points at an object out of 西湖区's scope (the others too, where a rule has two)
        path = rule.build({arg: items[arg] for arg in rule.arguments}, append_unknown=False)[1]
        for user in DISTRICT_USERS:
            if "GET" in rule.methods:
                with world.clients[user].get(path) as response:
                    assert response.status_code == 403, (user, path, response.status_code)
            if "POST" in rule.methods:
                data = {"text": "越权", "reason": "越权", "name": "越权", "progress": "越权", "outcome": "approved"}
                assert world.post(user, path, data).status_code == 403, (user, path)
        checked.add(rule.rule)
    assert {"/milestones/<int:milestone_id>", "/evidence/<int:evidence_id>/download", "/tasks/<int:task_id>"} <= checked
    assert len(checked) > 15
    assert snapshot(db) == before


def test_a_district_reads_its_own_items_and_the_tasks_naming_the_districts(world, items, db):
    sc = world.clients["sc_liaison"]
    assert sc.get(world.page).status_code == 200
    assert sc.get(f"/tasks/{world.task.id}").status_code == 200
    assert sc.get(f"/departments/{items['department_id']}").status_code == 200
    with sc.get(f"/evidence/{items['evidence_id']}/download") as response:
        assert response.status_code == 200
    xh = world.clients["xh_liaison"]
    assert xh.get(world.page).status_code == 200  # 西湖区 is on key project 1 too, through 各区、县(市)政府
    assert "上城区草稿" not in xh.get(world.page).get_data(as_text=True)


def test_the_city_office_and_leaders_see_everything(world, items):
    for user in ("office", "leader"):
        client = world.clients[user]
        assert client.get(world.page).status_code == 200
        assert "上城区草稿" in client.get(world.page).get_data(as_text=True)
        assert client.get(f"/milestones/{items['milestone_id']}").status_code == 200
        with client.get(f"/evidence/{items['evidence_id']}/download") as response:
            assert response.status_code == 200


def test_the_workbench_of_a_district_lists_the_tasks_naming_the_districts(world):
    html = world.clients["sc_liaison"].get("/work/?year=2025").get_data(as_text=True)
    assert world.task.name in html
