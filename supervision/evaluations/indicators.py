"""The indicator completion table of an evaluation (表1 form: indicator, baseline, target, actual, 完成情况), read
from the indicator register (supervision/indicators) with the values the office approved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from supervision.indicators.queries import register_rows

NO_DATA = "无数据"


@dataclass(frozen=True)
class IndicatorLine:
    number: int
    category: str
    name: str
    unit: str
    baseline: str
    target: str
    actual: str
    attainment: str  # 已达标 / 未达标 / 接近 / 待定 / 无数据


def indicator_lines(plan_code: str, as_of: date) -> list[IndicatorLine]:
    """One line per indicator of the plan: the latest approved value up to `as_of`'s year, judged by the register."""
    lines = []
    for row in register_rows(plan_code, approved_only=True):
        ind = row.indicator
        judged = [j for j in row.series if j.value is not None and j.status == "approved" and j.year <= as_of.year]
        latest = judged[-1] if judged else None
        actual = NO_DATA if latest is None else f"{latest.value}（{latest.year}年）"
        lines.append(
            IndicatorLine(
                number=ind.number,
                category=ind.category,
                name=ind.name + (f"（{ind.coverage}）" if ind.coverage else ""),
                unit=ind.unit or "",
                baseline=f"{ind.baseline or '—'}（{ind.baseline_year}年）",
                target=f"{ind.target or '—'}（{ind.target_year}年）",
                actual=actual,
                attainment=latest.attainment if latest else NO_DATA,
            )
        )
    return lines
