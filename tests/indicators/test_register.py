"""The indicator register (seeded from 表2 with generic years), the office's settings and the yearly values."""

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from supervision.accounts.models import Department
from supervision.audit.models import AuditEvent
from supervision.errors import Conflict, DomainError, PermissionDenied
from supervision.indicators.entries import enter_value, judged_series, review_value, submit_value
from supervision.indicators.models import Indicator, IndicatorYear
from supervision.indicators.queries import register_rows
from supervision.indicators.services import assign_owner, set_judging, set_rule, set_year
from tests.helpers import make_user, seed

SEED = Path(__file__).resolve().parents[2] / "seeds" / "indicators.yaml"


def values_of(ind):
    """The indicator's values in year order, as the register query loads them."""
    return register_rows(indicator_id=ind.id)[0].values


def seed_rows() -> list[dict]:
    with open(SEED, encoding="utf-8") as fh:
        return yaml.safe_load(fh)["indicators"]


def indicator(db, number: int, coverage: str | None = None) -> Indicator:
    query = select(Indicator).where(Indicator.number == number)
    if coverage:
        query = query.where(Indicator.coverage == coverage)
    return db.session.scalars(query).first()


def actions(db) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_seed_keeps_the_documents_text_with_generic_years(db, runner):
    seed(runner)
    rows = {(i.number, i.coverage): i for i in db.session.scalars(select(Indicator))}
    assert len(rows) == 52
    for row in seed_rows():
        ind = rows[(row["number"], row["coverage"])]
        assert (ind.baseline_year, ind.baseline) == (2020, row["value_2020"])
        assert (ind.target_year, ind.target) == (2025, row["target_2025"])
        assert (ind.category, ind.name, ind.unit, ind.better) == (
            row["category"],
            row["name"],
            row["unit"],
            row["direction"],
        )
        assert ind.direction in ("higher", "lower", "maintain", "unknown")
    assert rows[(3, "市域")].rule["kind"] == "at_least" and rows[(3, "市域")].direction == "higher"
    assert rows[(23, "市域")].rule["high"] == "3.5" and rows[(23, "市域")].direction == "lower"
    assert rows[(1, "市区")].rule["kind"] == "province" and rows[(1, "市区")].direction == "unknown"
    flagged = [i for i in rows.values() if i.rule is None]
    assert {i.target for i in flagged} == {"-", "持续控制在历史低水平", "5.7(2021-2025年)"}
    assert all(i.direction == "unknown" for i in flagged)
    again = seed(runner)
    assert "指标：新增 0，更新 0，未变 52" in again.output


def test_office_assigns_owners_and_writes_a_flagged_rule(db, runner):
    seed(runner)
    office = make_user()
    liaison = make_user("liaison1", roles=("liaison",))
    ind = next(i for i in db.session.scalars(select(Indicator)) if i.target == "持续控制在历史低水平")
    health, sport = (
        db.session.scalar(select(Department).where(Department.name == n)) for n in ("市卫生健康委", "市体育局")
    )
    with pytest.raises(PermissionDenied):
        assign_owner(ind, health.id, [], actor=liaison)
    with pytest.raises(DomainError, match="既是责任部门又是配合部门"):
        assign_owner(ind, health.id, [health.id], actor=office)
    assign_owner(ind, health.id, [sport.id], actor=office)
    assert ind.owner == health and ind.contributors == [sport]
    with pytest.raises(DomainError, match="无法识别"):
        set_rule(ind, "尽量低", actor=office)
    set_rule(ind, "≤0.5", actor=office)
    assert ind.parsed_rule is not None and str(ind.parsed_rule) == "<=0.5"
    assert ind.target == "持续控制在历史低水平"  # the document's text stays
    with pytest.raises(DomainError, match="容差"):
        set_judging(ind, "abc", False, actor=office)
    set_judging(ind, "5", True, actor=office)
    assert ind.tolerance == "0.05" and ind.use_path
    assert actions(db)[-3:] == ["indicator.assign", "indicator.rule", "indicator.judging"]


def test_values_are_entered_submitted_and_reviewed(db, runner):
    seed(runner)
    office = make_user()
    liaison = make_user("liaison1", roles=("liaison",))
    other = make_user("liaison2", roles=("liaison",), department="市体育局")
    ind = indicator(db, 3)  # ≥96, baseline 98.1
    assign_owner(ind, liaison.department_id, [], actor=office)
    with pytest.raises(PermissionDenied):
        enter_value(ind, 2021, "97", actor=other)
    with pytest.raises(DomainError, match="不是有效的数值"):
        enter_value(ind, 2021, "九十七", actor=liaison)
    with pytest.raises(DomainError, match="年份"):
        enter_value(ind, 2030, "97", actor=liaison)
    row = enter_value(ind, 2021, "97", source="市生态环境局", basis_note="市控断面", actor=liaison)
    submit_value(row, actor=liaison)
    with pytest.raises(Conflict):
        enter_value(ind, 2021, "95", actor=liaison)
    with pytest.raises(DomainError, match="退回时必须填写意见"):
        review_value(row, "return", " ", actor=office)
    with pytest.raises(PermissionDenied):
        review_value(row, "approve", "", actor=liaison)
    review_value(row, "return", "请注明口径", actor=office)
    assert row.status == "returned" and row.comment == "请注明口径"
    row = enter_value(ind, 2021, "95", actor=liaison)
    submit_value(row, actor=liaison)
    review_value(row, "approve", "", actor=office)
    assert row.status == "approved" and row.reviewer_id == office.id
    [year] = judged_series(ind, values_of(ind), [])
    assert (year.year, year.value, year.attainment, year.against_baseline) == (2021, "95", "未达标", "退步")
    assert "indicator_value.approve" in actions(db) and "indicator_value.return" in actions(db)


def test_province_rule_is_pending_until_the_office_enters_the_figure(db, runner):
    seed(runner)
    office = make_user()
    ind = indicator(db, 1)  # 空气质量优良天数比率: 省下达指标, baseline 91.3, higher is better
    enter_value(ind, 2021, "93.2", actor=office)
    enter_value(ind, 2022, "<0.5", actor=office)
    series = judged_series(ind, values_of(ind), [])
    assert [s.attainment for s in series] == ["待定", "待定"]
    with pytest.raises(DomainError, match="无法识别省下达目标"):
        set_year(ind, 2021, None, "优良", actor=office)
    set_year(ind, 2021, None, "92", actor=office)
    db.session.flush()
    years = list(db.session.scalars(select(IndicatorYear)))
    series = judged_series(ind, values_of(ind), years)
    assert series[0].attainment == "已达标" and series[0].against_baseline == "进步"
