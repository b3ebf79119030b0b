"""Scores from a small realistic 2025 against numbers computed by hand (default scheme)."""

import pytest
from sqlalchemy import select

from supervision.assessment.models import Assessment
from supervision.assessment.scoring.services import compute_year
from tests.assessment.builders import TODAY, Year2025


@pytest.fixture
def year(runner, db, monkeypatch):
    built = Year2025(runner, db, monkeypatch).build()
    compute_year(2025, TODAY)
    db.session.commit()
    return built


def result(db, department) -> Assessment:
    return db.session.scalar(
        select(Assessment).where(Assessment.year == 2025, Assessment.department_id == department.id)
    )


def components(assessment) -> dict:
    return {c["key"]: c for c in assessment.detail["components"]}


def test_lead_department_scores_match_the_hand_computation(year, db):
    edu = result(db, year.edu)
    c = components(edu)
    # key project 16, five milestones due by the cut-off 2026-01-10:
    # Q1 on time and approved (1.0); Q2 returned, approved version sent 3 working days late (0.94);
    # Q3 sent 2 working days late (0.96); Q4 never sent (0); annual summary not yet approved (0)
    assert c["lead_tasks"]["ratio"] == pytest.approx(0.58)
    assert c["lead_tasks"]["score"] == 23.2  # 40 × 0.58
    assert [i["value"] for i in c["lead_tasks"]["items"]] == [1.0, 0.94, 0.96, 0.0, 0.0]
    # first submissions on time: Q1, Q2 (before it was returned), annual → 3 of 5
    assert c["on_time_reporting"]["score"] == 9.0  # 15 × 0.6
    # cooperating on key project 19: Q1 on time, Q2 late, Q3 and Q4 missing, annual on time → 2 of 5
    assert c["cooperation"]["score"] == 4.0  # 10 × 0.4
    assert c["quality"]["score"] == 12.0  # B = 0.8 × 15
    # approved reports Q1, Q2, Q3; only Q1 has an accepted file (Q2's was rejected) → 1 of 3
    assert c["evidence"]["score"] == 3.33  # 10 × 1/3
    assert c["evidence"]["items"][0]["evidence"][0]["filename"] == "一季度工作台账.pdf"
    assert c["indicators"]["score"] == 5.0  # one indicator, improved but not met = 0.5
    assert edu.detail["subtotal"] == 56.53
    deductions = edu.detail["deductions"]
    lines = {(line["item"], line["points"]) for line in deductions["lines"]}
    # one return (0.5); late: Q3 2 days (0.2), Q4 1 working day to the cut-off (0.1); red on 2025-12-31 (1)
    assert lines == {("returned_report", 0.5), ("late_days", 0.2), ("late_days", 0.1), ("red_at_quarter_end", 1.0)}
    assert deductions["total"] == 1.8
    assert edu.detail["bonus"]["total"] == 1.0
    assert edu.detail["bonus"]["lines"][0]["reason"].startswith("近视防控做法被省教育厅推广")
    assert edu.total == 55.73  # 56.53 + 1 − 1.8
    assert edu.grade == "不合格"
    assert [cap["key"] for cap in edu.detail["caps"]] == ["red_at_cut_off"]  # Q4 and the annual summary red


def test_a_cooperating_unit_is_scored_on_cooperation_alone(year, db):
    justice = result(db, year.justice)
    c = components(justice)
    assert [k for k, v in c.items() if v["applicable"]] == ["cooperation"]
    assert c["cooperation"]["effective_weight"] == 100.0  # the other weights pass to it pro rata
    assert c["cooperation"]["score"] == 80.0  # four of five contributions on time
    assert justice.total == 80.0 and justice.grade == "良好"
    assert justice.detail["deductions"]["total"] == 0


def test_departments_without_tasks_are_not_ranked(year, db):
    office_dept = db.session.scalar(
        select(Assessment).join(Assessment.department).where(Assessment.year == 2025, Assessment.rated.is_(False))
    )
    assert office_dept.total is None and office_dept.rank is None
    ranked = db.session.scalars(select(Assessment).where(Assessment.year == 2025, Assessment.rated)).all()
    assert sorted(a.rank for a in ranked)[0] == 1
    assert {a.rank_of for a in ranked} == {len(ranked)}  # all municipal


def test_evidence_counts_only_when_accepted(year, db):
    from supervision.evidence.models import Evidence
    from supervision.evidence.services import judge_evidence

    rejected = db.session.scalar(select(Evidence).where(Evidence.filename == "无关材料.pdf"))
    judge_evidence(rejected, "accepted", "", actor=year.office)
    compute_year(2025, TODAY)
    db.session.commit()
    assert components(result(db, year.edu))["evidence"]["score"] == 6.67  # now 2 of 3
