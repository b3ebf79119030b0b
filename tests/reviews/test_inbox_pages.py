"""The review inbox pages in SQL (issue 20): the same rows and order page by page, lateness by Shanghai date."""

from __future__ import annotations

from datetime import UTC, date, datetime

from supervision.reviews import views
from tests.builders import make_department, make_milestone, make_plan, make_report, make_task
from tests.helpers import make_user
from tests.reviews.test_inbox import client_for, listed, world


def test_the_inbox_pages_through_every_waiting_report_with_the_total(app, db, monkeypatch):
    w = world(db)
    r = [x.id for x in w["reports"]]
    monkeypatch.setattr(views, "PER_PAGE", 3)
    office = client_for(app, "office1")
    first = office.get("/reviews/").get_data(as_text=True)
    assert listed(first) == [r[0], r[3], r[1]]
    assert "共 4 份" in first and 'data-nav-count="4"' in first
    assert listed(office.get("/reviews/?page=2").get_data(as_text=True)) == [r[2]]
    assert listed(office.get("/reviews/?page=99").get_data(as_text=True)) == [r[2]]  # past the end: the last
    assert listed(office.get("/reviews/?year=2026&page=1").get_data(as_text=True)) == [r[1], r[2]]


def test_lateness_counts_by_the_shanghai_date_of_the_submission(app, db):
    dept = make_department("市卫生健康委")
    liaison = make_user("lead1", roles=("liaison",), department=dept)
    make_user("office1", roles=("office",), department=dept)
    task = make_task(make_plan(title="健康杭州2021-2025", start_year=2021, end_year=2025), lead=(dept,))
    due = date(2025, 10, 14)
    on_time = make_report(
        make_milestone(task, year=2025, key="A", due_date=due),
        status="pending_review",
        actor=liaison,
        submitted_at=datetime(2025, 10, 14, 15, 30, tzinfo=UTC),  # 23:30 in Shanghai on the due date
    )
    late = make_report(
        make_milestone(task, year=2025, key="B", due_date=due),
        status="pending_review",
        actor=liaison,
        submitted_at=datetime(2025, 10, 14, 16, 30, tzinfo=UTC),  # 00:30 the next day in Shanghai
    )
    db.session.commit()
    office = client_for(app, "office1")
    assert listed(office.get("/reviews/?lateness=on_time").get_data(as_text=True)) == [on_time.id]
    assert listed(office.get("/reviews/?lateness=late").get_data(as_text=True)) == [late.id]
    assert "逾期 1 天报送" in office.get("/reviews/").get_data(as_text=True)
