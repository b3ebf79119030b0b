"""Query budgets: the number of SQL statements a page runs does not grow with the data.

Counts are deterministic, unlike times: each page is fetched on a small data set and again after the
data has grown about tenfold, and the counts must be equal.
"""

from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from supervision.accounts.models import Department, User
from supervision.evidence.models import Evidence
from supervision.extensions import db as _db
from supervision.milestones.models import Milestone
from supervision.tasks.models import Task
from tests.helpers import login, make_user, seed


@contextmanager
def counting(app):
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = _db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def pages(db, role):
    task = db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == 5))
    milestone = db.session.scalar(select(Milestone).where(Milestone.task_id == task.id).order_by(Milestone.id))
    evidence = db.session.scalar(select(Evidence.id).where(Evidence.milestone_id == milestone.id))
    paths = {
        "workbench": "/work/?year=2025",
        "overview": "/work/overview?year=2025&light=done",
        "dashboard": "/dashboard/?year=2025",
        "task": f"/tasks/{task.id}?year=2025",
        "milestone": f"/milestones/{milestone.id}",
        "task search": "/tasks/?q=健康",
        "audit log": "/audit/",
        # issue 14: the review inbox, the office home, 待办 on the landing page, 催办 by hand and held
        # notices, tasks without a lead, bulletins and rectification lists
        "workbench with todo": "/work/",
        "workbench 2026": "/work/?year=2026",
        "review inbox": "/reviews/",
        "review inbox 2025": "/reviews/?year=2025",
        "office home": "/home/office",
        "manual reminders": "/reminders/manual",
        "held notices": "/reminders/held",
        "unassigned tasks": "/tasks/unassigned",
        "bulletins": "/bulletins/",
        "rectification": "/rectification/",
    }
    if evidence:
        paths["evidence download"] = f"/evidence/{evidence}/download"
    office_only = ("review inbox", "review inbox 2025", "office home", "manual reminders", "held notices")
    hidden = {
        "liaison": ("overview", "audit log", "unassigned tasks", *office_only),
        "office": ("workbench", "workbench with todo", "workbench 2026"),
    }[role]
    return {name: path for name, path in paths.items() if name not in hidden}


def measure(app, client, paths):
    result = {}
    for name, path in paths.items():
        client.get(path).close()  # warm caches of the app itself (templates, the calendar)
        with counting(app) as statements, client.get(path) as response:
            assert response.status_code == 200, (name, response.status_code)
        result[name] = len(statements)
    return result


@pytest.mark.parametrize("role", ["liaison", "office"])
def test_page_query_counts_do_not_grow_with_the_data(app, runner, db, role):
    seed(runner)
    health = db.session.scalar(select(Department).where(Department.name == "市卫生健康委"))
    make_user("user1", roles=(role,), department=health)
    assert runner.invoke(args=["bench", "generate", "--scale", "1"]).exit_code == 0
    client = app.test_client()
    login(client, "user1")
    small = measure(app, client, pages(db, role))
    db.session.rollback()
    # grow the data: more departments' users, districts running every task, ten years
    from supervision.bench.generate import _work
    from supervision.bench.population import bench_users as _users
    from supervision.bench.population import district_plans as _district_plans

    tasks = _district_plans(list(db.session.scalars(select(Task).where(Task.plan.has(code="HZ-2021-2025")))))
    _users(10, __import__("random").Random(1))
    _work(
        tasks,
        range(2021, 2031),
        10,
        __import__("datetime").date(2025, 12, 31),
        __import__("random").Random(2),
        [("0" * 64, 1)],
    )
    db.session.commit()
    assert db.session.scalar(select(_db.func.count()).select_from(User)) > 500
    large = measure(app, client, pages(db, role))
    assert large == small
