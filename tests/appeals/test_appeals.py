"""复核: filed inside the window only; 维持 changes nothing, 调整 rescores (audited); 终审 after the window."""

import subprocess
from datetime import UTC, date, datetime, timedelta
from io import BytesIO

import pytest
from sqlalchemy import select

from supervision.appeals.models import Appeal
from supervision.appeals.services import decide_appeal, file_appeal, settle_year, targets_of
from supervision.assessment.models import Assessment
from supervision.assessment.output.files import scorecard_pdf
from supervision.assessment.publishing.services import objection_deadline, publish_year
from supervision.assessment.scoring.services import assessment_for, compute_year, round_for
from supervision.audit.models import AuditEvent
from supervision.errors import DomainError
from supervision.outcomes.models import OutcomeNotice
from tests.assessment.builders import TODAY, Year2025
from tests.helpers import login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def year(runner, db, monkeypatch):
    built = Year2025(runner, db, monkeypatch).build()
    built.rate_all_led_tasks()
    compute_year(2025, TODAY, actor=built.office)
    publish_year(2025, TODAY, actor=built.office)
    round_for(2025).published_at = datetime(2026, 2, 2, 2, tzinfo=UTC)  # 10:00 on Monday 2 February
    db.session.commit()
    built.deadline = objection_deadline(round_for(2025))
    return built


def appeal(year, text="按期报送的季度报告被计为逾期", today=date(2026, 2, 3)):
    target = targets_of(2025, year.edu.id)[0][0]
    files = [(BytesIO(PDF), "报送记录.pdf")]
    filed = file_appeal(2025, year.edu, target, text, files, today=today, actor=year.edu_liaison)
    year.db.session.commit()
    return filed


def ranking(db) -> dict:
    rows = db.session.scalars(select(Assessment).where(Assessment.year == 2025, Assessment.rated))
    return {a.department_id: (a.total, a.rank) for a in rows}


def test_an_appeal_is_accepted_inside_the_window_and_refused_after_it(year, db):
    assert year.deadline > date(2026, 2, 13)  # ten working days after the Spring Festival's eve
    filed = appeal(year, today=year.deadline)
    assert filed.state == "open" and [f.filename for f in filed.files] == ["报送记录.pdf"]
    with pytest.raises(DomainError, match="复核申请期限已于.*截止"):
        appeal(year, today=year.deadline + timedelta(days=1))
    assert db.session.scalar(select(Appeal).where(Appeal.id != filed.id)) is None


def test_upheld_changes_nothing_and_the_department_is_told(year, db):
    before = ranking(db)
    decide_appeal(appeal(year), "upheld", "报送时间以系统记录为准", actor=year.office)
    db.session.commit()
    assert ranking(db) == before
    notice = db.session.scalar(select(OutcomeNotice).where(OutcomeNotice.kind == "appeal_decided"))
    assert notice.user_id == year.edu_liaison.id and "维持" in notice.text and "系统记录" in notice.text


def test_adjusted_changes_total_and_rank_and_is_audited_with_the_reason(year, db):
    before = ranking(db)
    edu_before = assessment_for(2025, year.edu.id)
    total, rank = edu_before.total, edu_before.rank
    filed = appeal(year)
    adjustment = {"kind": "bonus", "item": "model_case", "level": "national", "count": 1}
    decide_appeal(filed, "adjusted", "省级示范样板材料补充齐全", adjustment, actor=year.office)
    db.session.commit()
    after = assessment_for(2025, year.edu.id)
    assert after.total > total and after.rank <= rank and ranking(db) != before
    assert (filed.total_before, filed.total_after) == (total, after.total)
    revise = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "assessment.revise")).all()[-1]
    assert "省级示范样板材料补充齐全" in revise.detail and filed.code in revise.detail
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "appeal.adjusted")) is not None
    text = pdftotext(scorecard_pdf(after, round_for(2025)))
    assert "复核结果" in text and "调整" in text and "省级示范样板材料补充齐全" in text


def test_the_window_closes_into_final_and_refuses_new_appeals(year, db):
    filed = appeal(year)
    after = year.deadline + timedelta(days=1)
    assert not settle_year(2025, after)  # an appeal still waits for its answer
    decide_appeal(filed, "upheld", "维持原结果", actor=year.office)
    assert not settle_year(2025, year.deadline)
    assert settle_year(2025, after) and round_for(2025).final and round_for(2025).status_label == "终审"
    db.session.commit()
    with pytest.raises(DomainError, match="终审"):
        appeal(year, today=after)


def test_another_department_cannot_see_the_appeal(app, year, db):
    filed = appeal(year)
    file_id = filed.files[0].id
    justice = app.test_client()
    login(justice, "justice1")
    assert justice.get(f"/appeals/{filed.id}").status_code == 404
    with justice.get(f"/appeals/files/{file_id}") as response:
        assert response.status_code == 404
    assert filed.code not in justice.get("/appeals/?year=2025").get_data(as_text=True)
    edu = app.test_client()
    login(edu, "edu1")
    assert "按期报送的季度报告" in edu.get(f"/appeals/{filed.id}").get_data(as_text=True)


def pdftotext(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode()
