"""The department head's approval before the office's review."""

from __future__ import annotations

from sqlalchemy import select

from supervision.reports.models import Report
from tests.workflow import dept, post, report_form, setup_year, user_client


def test_department_head_approves_before_the_office_when_required(app, runner, db):
    _task, q3 = setup_year(runner, db)
    page = f"/milestones/{q3.id}"
    health = dept(db, "市卫生健康委")
    health.requires_head_approval = True
    db.session.commit()
    lead = user_client(app, db, "lead1", ("liaison",), "市卫生健康委")
    head = user_client(app, db, "head1", ("dept_head",), "市卫生健康委")
    office = user_client(app, db, "office1", ("office",), "市卫生健康委")
    post(lead, f"/milestones/{q3.id}/report", report_form(action="submit"), page)
    report = db.session.scalar(select(Report))
    assert report.status == "submitted"
    # the office cannot review before the department head
    post(office, f"/reports/{report.id}/review", {"outcome": "approved"}, page)
    db.session.rollback()
    assert db.session.get(Report, report.id).status == "submitted"
    post(head, f"/reports/{report.id}/review", {"outcome": "approved", "stage": "dept_head"}, page)
    db.session.rollback()
    assert db.session.get(Report, report.id).status == "pending_review"
