"""Publishing freezes the inputs; later changes need a reason and are audited; a later check recomputes."""

from datetime import date

import pytest
from sqlalchemy import select

from supervision.assessment.models import Assessment
from supervision.assessment.publishing.services import publish_year
from supervision.assessment.publishing.verify import verify_year
from supervision.assessment.scoring.manual import add_adjustment
from supervision.assessment.scoring.services import compute_year, round_for
from supervision.audit.models import AuditEvent
from supervision.errors import DomainError
from supervision.reports.services import report_for
from tests.assessment.builders import TODAY, Year2025, milestone


@pytest.fixture
def year(runner, db, monkeypatch):
    built = Year2025(runner, db, monkeypatch).build()
    built.rate_all_led_tasks()
    compute_year(2025, TODAY, actor=built.office)
    db.session.commit()
    return built


def totals(db) -> dict:
    rows = db.session.scalars(select(Assessment).where(Assessment.year == 2025, Assessment.rated))
    return {a.department_id: (a.total, a.rank, a.grade) for a in rows}


def test_publishing_is_refused_before_the_cut_off_and_with_unrated_tasks(runner, db, monkeypatch):
    built = Year2025(runner, db, monkeypatch).build()
    compute_year(2025, date(2025, 12, 20))
    with pytest.raises(DomainError, match="截止"):
        publish_year(2025, date(2025, 12, 20), actor=built.office)
    compute_year(2025, TODAY)
    with pytest.raises(DomainError, match="尚未评定质量等次"):
        publish_year(2025, TODAY, actor=built.office)


def test_publishing_is_refused_when_the_data_moved_on_since_the_draft(year, db):
    year.review(report_for(milestone(db, year.task16, "annual")), "approved", "2025-12-20")
    db.session.commit()
    with pytest.raises(DomainError, match="重新计算"):
        publish_year(2025, TODAY, actor=year.office)
    compute_year(2025, TODAY, actor=year.office)
    publish_year(2025, TODAY, actor=year.office)
    assert round_for(2025).published


def test_a_published_score_is_recomputed_from_its_frozen_inputs_after_the_data_change(year, db):
    publish_year(2025, TODAY, actor=year.office)
    db.session.commit()
    frozen = totals(db)
    # the office approves the waiting annual summary after publishing
    year.review(report_for(milestone(db, year.task16, "annual")), "approved", "2026-02-03")
    db.session.commit()
    check = verify_year(2025)
    assert check.consistent and check.inputs_intact and not check.mismatches
    assert any("报告审核或报送记录有变化" in line for line in check.data_changes)
    assert totals(db) == frozen

    with pytest.raises(DomainError, match="须填写理由"):
        compute_year(2025, TODAY, actor=year.office)
    with pytest.raises(DomainError, match="须填写理由"):
        add_adjustment(
            2025,
            year.edu,
            "deduction",
            "missed_meeting",
            level=None,
            count=1,
            reason="缺席",
            document="",
            actor=year.office,
        )
    db.session.rollback()
    assert totals(db) == frozen


def test_a_change_after_publishing_with_a_reason_is_audited(year, db):
    publish_year(2025, TODAY, actor=year.office)
    db.session.commit()
    before = totals(db)[year.edu.id]
    add_adjustment(
        2025,
        year.edu,
        "deduction",
        "missed_meeting",
        level=None,
        count=1,
        reason="主要负责人无故缺席推进会",
        document="",
        actor=year.office,
        change_reason="复核后补录缺席会议扣分",
    )
    db.session.commit()
    after = totals(db)[year.edu.id]
    assert after[0] == round(before[0] - 0.5, 2)
    assert round_for(2025).published
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "assessment.revise"))
    assert event.detail == "复核后补录缺席会议扣分" and event.username == "office1"
    assert event.after["changed"]["市教育局"]["after"]["total"] == after[0]
    assert verify_year(2025).consistent  # the frozen inputs now carry the new line


def test_publish_and_compute_pages_are_for_the_office(app, year, db):
    from tests.helpers import login, make_user, post_form

    make_user("leader1", ("leader",), year.edu)
    leader = app.test_client()
    login(leader, "leader1")
    assert post_form(leader, "/assessment/2025/publish", {}).status_code == 403
    office = app.test_client()
    login(office, "office1")
    response = post_form(office, "/assessment/2025/publish", {})
    assert response.status_code == 303
    db.session.rollback()
    assert round_for(2025).published
    response = post_form(office, "/assessment/2025/compute", {"reason": ""}, follow_redirects=True)
    assert "须填写理由" in response.get_data(as_text=True)
