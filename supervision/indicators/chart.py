"""The geometry of an indicator's series chart (baseline → latest year, with the target line), drawn as SVG by
templates/indicators/_chart.html; no script and no inline style, so the strict CSP holds."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from supervision.indicators.models import Indicator
from supervision.indicators.register import LIGHTS, Judged
from supervision.indicators.rules import Rule, parse_target
from supervision.indicators.values import parse_value

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 32


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    year: int
    label: str
    light: str


@dataclass(frozen=True)
class Chart:
    points: list[Point]
    targets: list[tuple[float, str]]  # (y, label)
    ticks: list[tuple[float, int]]  # (x, year)
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def target_levels(indicator: Indicator, province: str | None) -> list[Decimal]:
    """The absolute figures the target line is drawn at (none while a province figure or the rule is missing)."""
    rule = indicator.parsed_rule
    if rule is not None and rule.kind == "province":
        rule = parse_target(province, direction=indicator.better) if province else None
    if rule is None or rule.kind == "province":
        return []
    if rule.kind.startswith("relative"):
        base = parse_value(indicator.baseline)
        if base is None or base.exact is None:
            return []
        sign = -1 if rule.kind == "relative_decrease" else 1
        return [base.exact * (1 + sign * rule.percent / 100)]
    return _bounds(rule)


def _bounds(rule: Rule) -> list[Decimal]:
    return sorted({b for b in (rule.low, rule.high) if b is not None})


def build_chart(indicator: Indicator, series: list[Judged], province: str | None) -> Chart | None:
    """None when there is nothing to draw (no readable baseline and no value)."""
    raw = [(indicator.baseline_year, indicator.baseline, "grey")]
    raw += [(j.year, j.value, LIGHTS[j.attainment]) for j in series if j.value is not None]
    numbers = [(year, parse_value(text), light) for year, text, light in raw]
    numbers = [(year, value, light) for year, value, light in numbers if value is not None]
    if not numbers:
        return None
    levels = target_levels(indicator, province)
    figures = [v.number for _, v, _ in numbers] + levels
    low, high = min(figures), max(figures)
    margin = (high - low) * Decimal("0.15") or abs(high) * Decimal("0.1") or Decimal(1)
    low, high = low - margin, high + margin
    first, last = indicator.baseline_year, max(indicator.target_year, numbers[-1][0])

    def x(year: int) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (year - first) / max(last - first, 1)

    def y(value: Decimal) -> float:
        return float(TOP + (HEIGHT - TOP - BOTTOM) * (high - value) / (high - low))

    points = [Point(x(year), y(v.number), year, v.text, light) for year, v, light in numbers]
    unit = indicator.unit or ""
    targets = [(y(level), f"目标 {format(level.normalize(), 'f')}{unit}") for level in levels]
    return Chart(points, targets, [(x(year), year) for year in range(first, last + 1)])
