"""The traceability page, the office's manual inputs in the browser, and the scheduled job."""

from datetime import date

import pytest
from sqlalchemy import select

from supervision.assessment.jobs import run_annual_assessment
from supervision.assessment.models import Adjustment, Assessment, AssessmentRound, ScorecardFile
from supervision.assessment.scoring.services import compute_year
from supervision.audit.models import AuditEvent
from tests.assessment.builders import TODAY, Year2025, milestone
from tests.helpers import login, post_form


@pytest.fixture
def year(runner, db, monkeypatch):
    return Year2025(runner, db, monkeypatch).build()


def office_client(app):
    client = app.test_client()
    login(client, "office1")
    return client


def test_the_department_page_shows_the_milestones_behind_each_component(app, year, db):
    compute_year(2025, TODAY)
    db.session.commit()
    html = office_client(app).get(f"/assessment/2025/departments/{year.edu.id}").get_data(as_text=True)
    q2 = milestone(db, year.task16, "Q2")
    assert 'id="component-lead_tasks"' in html
    lead_section = html.split('id="component-lead_tasks"')[1].split('id="component-')[0]
    assert f'href="/milestones/{q2.id}"' in lead_section and "2025年第2季度进展报告" in lead_section
    assert "通过，逾期 3 个工作日" in lead_section and "2025-07-04" in lead_section  # first and approved dates
    assert "23.20 分 = 计分权重 40.00 × 得分率 58.00%" in html
    assert "一季度工作台账.pdf" in html  # the accepted evidence behind the evidence component
    assert "请补充数据" in html  # the return behind the deduction


def test_office_adds_a_bonus_line_with_a_reason_and_the_score_follows(app, year, db):
    compute_year(2025, TODAY)
    db.session.commit()
    office = office_client(app)
    page = "/assessment/2025/adjustments"
    data = {
        "department_id": str(year.justice.id),
        "item": "bonus:model_case",
        "level": "provincial",
        "count": "1",
        "reason": "",
        "document": "",
    }
    post_form(office, page, data, page)
    db.session.rollback()
    assert db.session.scalar(select(Adjustment).where(Adjustment.department_id == year.justice.id)) is None
    post_form(office, page, data | {"reason": "入选省级示范样板", "document": "浙健办〔2025〕3号"}, page)
    db.session.rollback()
    justice = db.session.scalar(select(Assessment).where(Assessment.department_id == year.justice.id))
    assert justice.total == 82.0  # 80 + 2 (provincial model case)
    assert justice.detail["bonus"]["lines"][0]["reason"] == "入选省级示范样板（依据：浙健办〔2025〕3号）"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "assessment.adjustment_add"))


def test_the_office_rates_task_quality_in_the_browser(app, year, db):
    office = office_client(app)
    page = "/assessment/2025/quality"
    html = office.get(page).get_data(as_text=True)
    assert f'name="grade_{year.task16.id}"' in html
    post_form(office, page, {f"grade_{year.task16.id}": "A", f"note_{year.task16.id}": "成效明显"}, page)
    db.session.rollback()
    from supervision.assessment.models import QualityRating

    rating = db.session.scalar(select(QualityRating).where(QualityRating.task_id == year.task16.id))
    assert (rating.grade, rating.note) == ("A", "成效明显")


def test_the_scheduled_job_computes_drafts_and_renders_them_once(year, db):
    assert run_annual_assessment(date(2026, 1, 14))["computed"] == 0  # before 15 January
    assert db.session.scalar(select(AssessmentRound)) is None
    done = run_annual_assessment(date(2026, 1, 15))
    rated = db.session.scalars(select(Assessment).where(Assessment.rated)).all()
    assert done == {"year": 2025, "computed": 1, "pdfs": len(rated) + 1}
    assert len(db.session.scalars(select(ScorecardFile)).all()) == len(rated) + 1
    round_ = db.session.scalar(select(AssessmentRound))
    assert round_.status == "draft" and round_.as_of == date(2026, 1, 10)
    assert run_annual_assessment(date(2026, 1, 16))["computed"] == 0  # once only


def test_the_scheduler_entry_takes_now(year, db):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from supervision.assessment.jobs import annual_assessment

    assert "未运行" in annual_assessment(now=datetime(2026, 1, 10, 9, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert db.session.scalar(select(AssessmentRound)) is None
