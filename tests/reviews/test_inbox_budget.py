"""Query budgets of the review inbox and the office home: the count of statements does not grow with the data."""

from __future__ import annotations

from datetime import date

from sqlalchemy import event

from supervision.extensions import db as _db
from tests.builders import make_department, make_milestone, make_plan, make_report, make_task
from tests.helpers import login, make_user


def grow(count: int, serial: list[int]) -> None:
    """`count` more waiting reports, each of a new task, plan, department and liaison, across three years."""
    for _ in range(count):
        serial[0] += 1
        n = serial[0]
        dept = make_department(f"测试部门{n}")
        liaison = make_user(f"liaison{n}", roles=("liaison",), department=dept)
        plan = make_plan(title=f"规划{n}", start_year=2024, end_year=2026)
        task = make_task(plan, lead=(dept,), cooperating=("市卫生健康委",))
        year = 2024 + n % 3
        milestone = make_milestone(task, year=year, key="Q1", due_date=date(year, 4, 10))
        make_report(milestone, status="pending_review", actor=liaison)
    _db.session.commit()


def measure(app, client, paths) -> dict[str, int]:
    with app.app_context():
        engine = _db.engine
    result = {}
    for path in paths:
        client.get(path).close()
        statements = []

        def before(conn, cursor, statement, parameters, context, executemany, statements=statements):
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", before)
        try:
            with client.get(path) as response:
                assert response.status_code == 200, (path, response.status_code)
        finally:
            event.remove(engine, "before_cursor_execute", before)
        result[path] = len(statements)
    return result


def test_inbox_and_home_query_counts_do_not_grow(app, db):
    make_department("市卫生健康委")
    make_user("office1", roles=("office",))
    serial = [0]
    grow(3, serial)
    client = app.test_client()
    login(client, "office1")
    paths = ["/reviews/", "/reviews/?year=2025&lateness=on_time", "/home/office", "/reviews/reports/1"]
    small = measure(app, client, paths)
    grow(30, serial)
    assert measure(app, client, paths) == small
