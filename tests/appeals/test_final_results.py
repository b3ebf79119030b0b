"""After 终审 the results are final: computing, manual inputs, the scheme and publishing refuse in Chinese,
in the services and on the office's pages, and nothing changes."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from supervision.appeals.services import settle_year
from supervision.assessment.models import Adjustment, Assessment
from supervision.assessment.publishing.services import objection_deadline, publish_year, save_scheme
from supervision.assessment.scoring.manual import add_adjustment, rate_quality, remove_adjustment
from supervision.assessment.scoring.services import compute_year, rescore_manual, round_for, scheme_for
from supervision.audit.models import AuditEvent
from supervision.errors import DomainError
from tests.assessment.builders import TODAY, Year2025
from tests.helpers import login, post_form

REFUSAL = "考核结果已终审，不能再计算、调整或发布"


@pytest.fixture
def year(runner, db, monkeypatch):
    built = Year2025(runner, db, monkeypatch).build()
    built.rate_all_led_tasks()
    compute_year(2025, TODAY, actor=built.office)
    publish_year(2025, TODAY, actor=built.office)
    round_ = round_for(2025)
    round_.published_at = datetime(2026, 2, 2, 2, tzinfo=UTC)
    add_adjustment(
        2025, built.edu, "deduction", "missed_meeting", level=None, count=1, reason="缺席推进会", document="",
        actor=built.office, change_reason="补录缺席会议",
    )  # fmt: skip
    built.after = objection_deadline(round_) + timedelta(days=1)
    assert settle_year(2025, built.after)
    db.session.commit()
    monkeypatch.setattr("supervision.assessment.views.results.today", lambda: built.after)
    return built


def state(db) -> tuple:
    """Everything a change would touch: the round's revision and digest, each result, the manual lines."""
    round_ = round_for(2025)
    rows = db.session.scalars(select(Assessment).where(Assessment.year == 2025).order_by(Assessment.department_id))
    lines = db.session.scalar(select(func.count()).select_from(Adjustment).where(Adjustment.year == 2025))
    return round_.status, round_.revision, round_.inputs_sha256, [(a.total, a.rank, a.grade) for a in rows], lines


def revisions(db) -> int:
    return db.session.scalar(select(func.count()).where(AuditEvent.action == "assessment.revise"))


def test_every_service_refuses_a_final_round(year, db):
    before, events = state(db), revisions(db)
    line = db.session.scalar(select(Adjustment).where(Adjustment.year == 2025))
    config = scheme_for(2025).config
    changes = [
        lambda: compute_year(2025, year.after, actor=year.office, reason="终审后重算"),
        lambda: add_adjustment(
            2025,
            year.edu,
            "deduction",
            "missed_meeting",
            level=None,
            count=1,
            reason="再次缺席",
            document="",
            actor=year.office,
            change_reason="终审后补录",
        ),  # fmt: skip
        lambda: remove_adjustment(line, actor=year.office, change_reason="终审后删除"),
        lambda: rate_quality(2025, [(year.task16, "D", "")], actor=year.office, reason="终审后改评"),
        lambda: save_scheme(2025, config, actor=year.office, reason="终审后改细则"),
        lambda: rescore_manual(2025, actor=year.office, reason="终审后重算"),
        lambda: publish_year(2025, year.after, actor=year.office),
    ]
    for change in changes:
        with pytest.raises(DomainError, match=REFUSAL):
            change()
        db.session.rollback()
    assert state(db) == before and revisions(db) == events


def test_the_office_pages_refuse_a_final_round(app, year, db):
    before, events = state(db), revisions(db)
    office = app.test_client()
    login(office, "office1")
    line_id = db.session.scalar(select(Adjustment.id).where(Adjustment.year == 2025))
    posts = [
        ("/assessment/2025/compute", {"reason": "终审后重算"}, "/assessment/?year=2025"),
        ("/assessment/2025/publish", {}, "/assessment/?year=2025"),
        (
            "/assessment/2025/adjustments",
            {
                "department_id": year.edu.id, "item": "deduction:missed_meeting", "level": "", "count": 1,
                "reason": "再次缺席", "document": "", "change_reason": "终审后补录",
            },
            "/assessment/2025/adjustments",
        ),
        (f"/assessment/2025/adjustments/{line_id}/delete", {"reason": "终审后删除"}, "/assessment/2025/adjustments"),
    ]  # fmt: skip
    for path, data, form_path in posts:
        page = post_form(office, path, data, form_path, follow_redirects=True).get_data(as_text=True)
        assert REFUSAL in page, path
    db.session.expire_all()
    assert state(db) == before and revisions(db) == events
