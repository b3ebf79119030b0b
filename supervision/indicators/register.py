"""Reading an indicator's rule from its target text, and judging its values (attainment and trend, never typed)."""

from __future__ import annotations

from dataclasses import dataclass

from supervision.indicators.models import Indicator
from supervision.indicators.rules import InvalidTarget, attainment, direction_of, parse_target, trend
from supervision.indicators.values import InvalidValue, parse_value

ATTAINMENTS = ("已达标", "接近", "未达标", "待定", "无数据")
LIGHTS = {"已达标": "green", "接近": "yellow", "未达标": "red", "待定": "grey", "无数据": "grey"}


def read_rule(indicator: Indicator) -> tuple[dict | None, str]:
    """The rule (JSON; None when the wording is flagged) and the direction, read from the document's target."""
    rule = parse_target(indicator.target or "", indicator.baseline, direction=indicator.better)
    return (rule.to_dict() if rule else None), direction_of(indicator.target, indicator.baseline, rule)


@dataclass(frozen=True)
class Judged:
    """One year of an indicator: the value judged (text), its attainment and its trends."""

    year: int
    value: str | None
    status: str | None
    attainment: str
    against_previous: str | None
    against_baseline: str | None

    @property
    def light(self) -> str:
        return LIGHTS[self.attainment]


def judge_value(indicator: Indicator, year: int, value: str | None, province_target: str | None = None) -> str:
    """已达标 / 未达标 / 接近 / 待定 / 无数据 of `value` in `year` (on the straight path where switched on)."""
    if value is None or parse_value(value) is None:
        return "无数据"
    path = None
    if indicator.use_path and indicator.baseline_year < year < indicator.target_year:
        path = (indicator.baseline_year, indicator.baseline, indicator.target_year, year)
    baseline = indicator.baseline if parse_value(indicator.baseline) is not None else None
    try:
        return attainment(
            indicator.parsed_rule,
            value,
            baseline=baseline,
            province_target=province_target or None,
            tolerance=indicator.tolerance_fraction,
            path=path,
            direction=indicator.better,
        )
    except (InvalidTarget, InvalidValue):
        return "待定"


def series(indicator: Indicator, values: dict[int, tuple[str, str]], province: dict[int, str]) -> list[Judged]:
    """The years from the baseline year to the latest year with a value; `values` maps year → (text, status)."""
    last = max([indicator.baseline_year, *values])
    direction = indicator.trend_direction
    judged, previous = [], indicator.baseline
    for year in range(indicator.baseline_year + 1, last + 1):
        text, status = values.get(year, (None, None))
        judged.append(
            Judged(
                year=year,
                value=text,
                status=status,
                attainment=judge_value(indicator, year, text, province.get(year)),
                against_previous=_trend(previous, text, direction),
                against_baseline=_trend(indicator.baseline, text, direction),
            )
        )
        previous = text if text is not None else previous
    return judged


def _trend(previous: str | None, current: str | None, direction: str) -> str | None:
    if parse_value(previous) is None or parse_value(current) is None:
        return None
    return trend(previous, current, direction)
