"""Issue 15.7: the indicator component follows the register's computed attainment; an override needs a reason."""

import subprocess

import pytest
from sqlalchemy import select

from supervision.assessment.models import Assessment, IndicatorResult
from supervision.assessment.scoring.services import compute_year
from supervision.audit.models import AuditEvent
from supervision.indicators.models import Indicator
from supervision.indicators.services import assign_owner
from tests.assessment.builders import TODAY, Year2025
from tests.helpers import login, post_form


@pytest.fixture
def year(runner, db, monkeypatch):
    built = Year2025(runner, db, monkeypatch).build()
    compute_year(2025, TODAY)
    db.session.commit()
    return built


def edu_indicators(db, year) -> dict:
    row = db.session.scalar(select(Assessment).where(Assessment.year == 2025, Assessment.department_id == year.edu.id))
    return next(c for c in row.detail["components"] if c["key"] == "indicators")


def a_threshold_indicator(db) -> tuple[Indicator, str, str]:
    """An indicator of 2021-2025 with a ≥ rule: (indicator, a value meeting it, a value missing it)."""
    for ind in db.session.scalars(select(Indicator).where(Indicator.target_year == 2025).order_by(Indicator.id)):
        rule = ind.rule or {}
        if rule.get("kind") == "at_least" and rule.get("low") and ind.number != 48:
            low = float(rule["low"])
            return ind, f"{low + 1:g}", f"{low * 0.5:g}"
    raise AssertionError("no ≥ indicator in the seed")


def recompute(db):
    compute_year(2025, TODAY)
    db.session.commit()


def test_the_component_follows_the_values_entered_for_the_year(year, db):
    component = edu_indicators(db, year)
    (item,) = component["items"]
    assert item["attainment"] == "未达标" and item["computed"] == "有改善未达标"  # 3 against ≥5, up from 2
    assert component["score"] == 5.0
    other, meeting, missing = a_threshold_indicator(db)
    assign_owner(other, year.edu.id, [], actor=year.office)
    db.session.commit()
    recompute(db)
    # owned, but no approved value for 2025: counts 0
    assert edu_indicators(db, year)["ratio"] == 0.25
    year.indicator_value(other, 2025, meeting, "2025-12-22")
    db.session.commit()
    recompute(db)
    component = edu_indicators(db, year)
    assert {i["indicator_id"]: i["attainment"] for i in component["items"]}[other.id] == "已达标"
    assert component["ratio"] == 0.75  # (0.5 + 1) / 2
    assert component["score"] == 7.5


def test_a_value_approved_after_the_cut_off_does_not_count(year, db):
    other, meeting, _ = a_threshold_indicator(db)
    assign_owner(other, year.edu.id, [], actor=year.office)
    year.indicator_value(other, 2025, meeting, "2026-01-20")  # the cut-off is 2026-01-10
    db.session.commit()
    recompute(db)
    item = next(i for i in edu_indicators(db, year)["items"] if i["indicator_id"] == other.id)
    assert item["attainment"] == "无数据" and item["value"] == 0.0


def test_an_override_needs_a_reason_is_audited_and_printed_on_the_scorecard(app, runner, year, db, tmp_path):
    client = app.test_client()
    login(client, "office1")
    page = "/assessment/2025/indicators"
    html = client.get(page).get_data(as_text=True)
    assert "未达标" in html and year.myopia.name in html
    data = {"indicator_id": str(year.myopia.id), "outcome": "met", "note": "  "}
    refused = post_form(client, page, data, page, follow_redirects=True).get_data(as_text=True)
    assert "调整指标完成情况必须填写理由" in refused
    db.session.rollback()
    assert db.session.scalar(select(IndicatorResult)) is None
    assert edu_indicators(db, year)["score"] == 5.0
    reason = "省教育厅通报口径调整，按省统计数达标"
    post_form(client, page, data | {"note": reason}, page)
    db.session.rollback()
    component = edu_indicators(db, year)
    assert component["score"] == 10.0
    assert component["items"][0]["override"] == {"outcome": "达标", "reason": reason}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "assessment.indicator_set"))
    assert event.after["reason"] == reason and event.after["outcome"] == "met"
    assert reason in client.get(page).get_data(as_text=True)
    result = runner.invoke(
        args=["assessment", "scorecards", "--year", "2025", "--out", str(tmp_path), "--department", "市教育局"]
    )
    assert result.exit_code == 0, result.output
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "市教育局.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout.replace("\n", "")
    assert "办公室调整为达标" in text and reason in text and "系统判定：有改善未达标" in text


def test_an_override_is_refused_for_an_indicator_without_owner(year, db):
    from supervision.assessment.scoring.manual import set_indicator_result
    from supervision.errors import DomainError

    other, _, _ = a_threshold_indicator(db)
    with pytest.raises(DomainError, match="尚未指定责任部门"):
        set_indicator_result(2025, None, other, "met", "", "理由", actor=year.office)
