"""Indicators with values, assessment rounds and 督办通知单 for the API tests, stored as the services store them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from supervision.accounts.models import Department
from supervision.assessment.models import Assessment, AssessmentRound
from supervision.extensions import db
from supervision.indicators.models import Indicator, IndicatorValue
from supervision.indicators.register import read_rule


def make_indicator(owner: Department | None = None, *, number: int = 3, target: str = "≥96") -> Indicator:
    """An indicator of 表2 (baseline 2020, target 2030) owned by `owner`, its rule read from the target."""
    indicator = Indicator(
        plan_code="HZ-2030",
        number=number,
        category="健康环境",
        name=f"空气质量优良天数比率{number}",
        unit="%",
        baseline_year=2020,
        baseline="95",
        target_year=2030,
        target=target,
        direction="higher",
        owner=owner,
    )
    indicator.rule, indicator.direction = read_rule(indicator)
    db.session.add(indicator)
    db.session.flush()
    return indicator


def add_value(indicator: Indicator, year: int, text: str, status: str = "approved") -> IndicatorValue:
    value = IndicatorValue(indicator_id=indicator.id, year=year, quarter=0, text=text, number=text, status=status)
    db.session.add(value)
    db.session.flush()
    return value


def make_round(year: int, status: str, results: list[tuple[Department, str, float | None, int | None, str | None]]):
    """A round of `year` with one result per (department, kind, total, rank, grade); no total: 不参评."""
    round_ = AssessmentRound(
        year=year,
        status=status,
        as_of=date(year + 1, 1, 10),
        inputs={"scheme": {"kinds": ["municipal", "district"]}},
        inputs_sha256="0" * 64,
        published_at=datetime(year + 1, 2, 1, tzinfo=UTC) if status != "draft" else None,
    )
    db.session.add(round_)
    rated = [r for r in results if r[2] is not None]
    for dept, kind, total, rank, grade in results:
        db.session.add(
            Assessment(
                year=year,
                department=dept,
                kind=kind,
                rated=total is not None,
                total=total,
                rank=rank,
                rank_of=len(rated) if total is not None else None,
                grade=grade,
                detail={},
            )
        )
    db.session.flush()
    return round_
