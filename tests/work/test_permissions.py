"""Every role against every work-item endpoint, with guessed ids: refused means 403 and nothing changed; and
the read rule (docs/security.md): work in progress is read by its own department, the lead, the office and
leaders; an approved report by every business reader."""

import io

import pytest
from sqlalchemy import select

from supervision.evidence.models import Evidence
from supervision.milestones.models import Milestone
from supervision.reports.models import Contribution, Report
from supervision.tasks.models import Task, TaskDepartment
from tests.helpers import csrf_token, login, make_user, seed
from tests.workflow import PDF, dept, report_form

REPORT_TEXT = "牵头部门草稿进展甲乙丙"
CONTRIBUTION_TEXT = "司法局配合情况丁戊己"
USERS = {  # username: (roles, department)
    "office": (("office",), "市卫生健康委"),
    "leader": (("leader",), "市政府办公厅"),
    "lead_liaison": (("liaison",), "市卫生健康委"),
    "coop_liaison": (("liaison",), "市司法局"),
    "coop2_liaison": (("liaison",), "市发改委"),  # a second cooperating unit on the task
    "other_liaison": (("liaison",), "市体育局"),
    "lead_head": (("dept_head",), "市卫生健康委"),
    "coop_head": (("dept_head",), "市司法局"),
    "other_head": (("dept_head",), "市体育局"),
    "sysadmin": (("sysadmin",), "市卫生健康委"),
    "secadmin": (("secadmin",), "市卫生健康委"),
    "auditor": (("auditor",), "市卫生健康委"),
}
READERS = {"office", "leader", "lead_liaison", "coop_liaison", "coop2_liaison", "other_liaison", "lead_head"}
READERS |= {"coop_head", "other_head"}
LEAD_SIDE = {"office", "leader", "lead_liaison", "lead_head"}  # read all work in progress on the task
COOP_SIDE = {"coop_liaison", "coop_head"}  # the department that wrote the contribution and its file


@pytest.fixture
def world(app, runner, db):
    seed(runner)
    runner.invoke(args=["milestones", "generate", "--year", "2025"])
    clients = {}
    for username, (roles, department) in USERS.items():
        make_user(username, roles=roles, department=dept(db, department))
        clients[username] = app.test_client()
        assert login(clients[username], username).status_code in (302, 303), username
    task = db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == 5))
    milestone = db.session.scalar(select(Milestone).where(Milestone.task_id == task.id, Milestone.key == "Q3"))
    db.session.add(TaskDepartment(task=task, department_id=dept(db, "市发改委").id, role="cooperating", position=9))
    db.session.commit()
    page = f"/milestones/{milestone.id}"

    def post(user, path, data, **kwargs):
        client = clients[user]
        return client.post(path, data={"csrf_token": csrf_token(client, "/"), **data}, **kwargs)

    post("lead_liaison", f"{page}/report", report_form(progress=REPORT_TEXT))
    post("coop_liaison", f"{page}/contribution", {"text": CONTRIBUTION_TEXT})
    for user, name in (("lead_liaison", "牵头佐证.pdf"), ("coop_liaison", "配合佐证.pdf")):
        post(user, f"{page}/evidence", {"file": (io.BytesIO(PDF), name)}, content_type="multipart/form-data")
    db.session.rollback()
    files = {e.filename: e.id for e in db.session.scalars(select(Evidence))}
    ids = {
        "task": task.id,
        "milestone": milestone.id,
        "report": db.session.scalar(select(Report.id)),
        "evidence": files["牵头佐证.pdf"],
        "coop_evidence": files["配合佐证.pdf"],
    }
    return clients, post, ids


def snapshot(db):
    db.session.rollback()
    return (
        [(r.status, r.progress, r.version) for r in db.session.scalars(select(Report))],
        [(c.text, c.status) for c in db.session.scalars(select(Contribution))],
        [(e.withdrawn_at, e.verdict) for e in db.session.scalars(select(Evidence))],
        [(m.title, m.due_date) for m in db.session.scalars(select(Milestone).order_by(Milestone.id))],
        [(t.id, [(d.department_id, d.role) for d in t.departments]) for t in db.session.scalars(select(Task))],
    )


def post_cases(ids):
    m, r, e, t = ids["milestone"], ids["report"], ids["evidence"], ids["task"]
    upload = {"file": (io.BytesIO(PDF), "x.pdf")}
    return [  # (path, data, users allowed past the permission check)
        (f"/milestones/{m}/report", report_form(progress="越权修改"), {"lead_liaison"}),
        (f"/milestones/{m}/contribution", {"text": "越权"}, {"coop_liaison", "coop2_liaison"}),
        (f"/milestones/{m}/evidence", upload, {"lead_liaison", "coop_liaison", "coop2_liaison"}),
        (f"/evidence/{e}/withdraw", {}, {"lead_liaison"}),
        (f"/evidence/{e}/verdict", {"verdict": "rejected", "reason": "越权"}, {"office"}),
        (f"/reports/{r}/review", {"outcome": "returned", "comment": "越权", "stage": "dept_head"}, {"lead_head"}),
        (
            f"/reports/{r}/review",
            {"outcome": "approved", "stage": "office"},
            {"office", "lead_head", "coop_head", "other_head"},
        ),
        (f"/tasks/{t}/assign", {"lead": ["1"]}, {"office"}),
        (f"/tasks/{t}/milestones", {"title": "越权", "due_date": "2025-06-01"}, {"office"}),
        (f"/milestones/{m}/edit", {"title": "越权", "due_date": "2025-06-01"}, {"office"}),
        ("/work/milestones/generate", {"year": "2024"}, {"office"}),
        (
            "/work/schedule",
            {"year": "2025", "quarters": ["1"], "report_working_days": "9", "annual_month": "12", "annual_day": "1"},
            {"office"},
        ),
        ("/work/calendar", {"day": "2025-10-13", "kind": "holiday"}, {"office"}),
    ]


def test_refused_posts_answer_403_and_change_nothing(world, db):
    clients, post, ids = world
    before = snapshot(db)
    checked = 0
    for path, data, allowed in post_cases(ids):
        for user in USERS:
            if user in allowed:
                continue
            payload = {k: (io.BytesIO(PDF), "x.pdf") if k == "file" else v for k, v in data.items()}
            kwargs = {"content_type": "multipart/form-data"} if "file" in data else {}
            response = post(user, path, payload, **kwargs)
            assert response.status_code == 403, (user, path, response.status_code)
            checked += 1
    assert checked > 90
    assert snapshot(db) == before


def test_reading_pages_follows_the_roles(world):
    clients, _post, ids = world
    m, e, t = ids["milestone"], ids["evidence"], ids["task"]
    cases = [
        (f"/milestones/{m}", READERS),
        (f"/tasks/{t}", READERS),
        ("/work/", READERS),
        ("/work/overview", {"office", "leader"}),
        ("/work/schedule", {"office"}),
        (f"/evidence/{e}/download", LEAD_SIDE),
        (f"/evidence/{ids['coop_evidence']}/download", LEAD_SIDE | COOP_SIDE),
    ]
    for path, allowed in cases:
        for user, client in clients.items():
            with client.get(path) as response:
                expected_ok = user in allowed
                assert (response.status_code != 403) == expected_ok, (user, path, response.status_code)


def reads(clients, ids) -> dict[str, set[str]]:
    """What each user reads, on every route that shows a report, a contribution or an evidence file."""
    m, t = ids["milestone"], ids["task"]
    seen: dict[str, set[str]] = {}
    for user, client in clients.items():
        seen[user] = set()
        pages = "".join(
            client.get(path).get_data(as_text=True) for path in (f"/milestones/{m}", f"/tasks/{t}", "/work/")
        )
        for marker, name in ((REPORT_TEXT, "report"), (CONTRIBUTION_TEXT, "contribution")):
            if marker in pages:
                seen[user].add(name)
        for name, key in (("牵头佐证.pdf", "evidence"), ("配合佐证.pdf", "coop_evidence")):
            if name in pages:
                seen[user].add(f"{key} listed")
            with client.get(f"/evidence/{ids[key]}/download") as response:
                assert response.status_code in (200, 403), (user, key, response.status_code)
                if response.status_code == 200:
                    seen[user].add(f"{key} download")
    return seen


def expected_reads(report_approved: bool) -> dict[str, set[str]]:
    expected = {}
    for user in USERS:
        allowed = set()
        if user in LEAD_SIDE or (report_approved and user in READERS):
            allowed.add("report")
        if user in LEAD_SIDE | COOP_SIDE:
            allowed |= {"contribution", "coop_evidence listed", "coop_evidence download"}
        if user in LEAD_SIDE:
            allowed |= {"evidence listed", "evidence download"}
        expected[user] = allowed
    return expected


def test_work_in_progress_is_read_by_its_department_the_lead_the_office_and_leaders(world, db):
    clients, _post, ids = world
    assert reads(clients, ids) == expected_reads(report_approved=False)
    report = db.session.get(Report, ids["report"])
    report.status = "approved"  # as after both reviews: the report itself becomes readable to every reader
    db.session.commit()
    assert reads(clients, ids) == expected_reads(report_approved=True)


def test_guessed_ids_of_missing_objects_are_404_not_500(world):
    clients, post, _ids = world
    assert post("lead_liaison", "/milestones/999999/report", report_form()).status_code == 404
    assert clients["office"].get("/evidence/999999/download").status_code == 404
    assert post("office", "/reports/999999/review", {"outcome": "approved"}).status_code == 404
