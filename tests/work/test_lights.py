"""The database's lights (for counts and filters) agree with the Python rule for every milestone."""

from datetime import date

import pytest
from sqlalchemy import select

from supervision.milestones.models import Milestone
from supervision.tasks.models import Task
from supervision.work.lights import listing
from supervision.work.queries import milestones_of_year, rows_for
from tests.builders import make_milestone, make_report
from tests.helpers import seed


@pytest.fixture
def year_2025(runner, db):
    seed(runner)
    runner.invoke(args=["milestones", "generate", "--year", "2025"])
    milestones = db.session.scalars(select(Milestone).order_by(Milestone.id)).all()
    for milestone, status in zip(
        milestones[::7], ["approved", "draft", "returned", "pending_review", "submitted"] * 9, strict=False
    ):
        make_report(milestone, status=status, progress="x")
    db.session.scalar(select(Task).where(Task.kind == "action", Task.number == 2)).active = False
    ended = db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == 4))  # 2021-2023
    make_milestone(ended, year=2025, title="补充节点", due_date=date(2025, 10, 20))
    db.session.commit()


@pytest.mark.parametrize(
    "today", [date(2025, 4, 1), date(2025, 9, 30), date(2025, 10, 9), date(2025, 12, 10), date(2026, 1, 5)]
)
def test_sql_lights_equal_python_lights(year_2025, db, today):
    python = {r.milestone.id: r.light for r in rows_for(milestones_of_year(2025), today)}
    sql = {r.milestone.id: r.light for r in listing(2025, today, None, "due", False, None).items}
    assert sql == python
    assert len(set(python.values())) >= 3


def test_listing_filters_and_paginates_in_the_database(year_2025, db):
    today = date(2025, 10, 9)
    red = listing(2025, today, "red", "due", False, 1, per_page=10)
    assert red.total > 10 and len(red.items) == 10 and {r.light for r in red.items} == {"red"}
    last = listing(2025, today, "red", "due", False, red.pages, per_page=10)
    assert 0 < len(last.items) <= 10
    dues = [r.milestone.due_date for r in red.items]
    assert dues == sorted(dues)
