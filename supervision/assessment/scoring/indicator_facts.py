"""The indicators a year's assessment scores: owned, assessable in the year, judged by the indicator register.

Attainment is computed by `supervision.indicators` (已达标 / 接近 / 未达标 / 待定 / 无数据), never typed; only values
the office approved by the as-of day count. The office may override an outcome, with a reason (manual.py).
"""

from __future__ import annotations

from datetime import date

from supervision.assessment.scoring.scope import indicator_label
from supervision.assessment.scoring.timeline import local_day
from supervision.indicators.entries import judged_series
from supervision.indicators.models import VALUE_STATUS_LABELS
from supervision.indicators.queries import register_rows

OUTCOME_LABELS = {"met": "达标", "improved": "有改善未达标", "worse": "未改善"}


def indicator_facts(year: int, as_of: date) -> list[dict]:
    """Every owned indicator whose period covers `year`, with the year's approved value and its attainment."""
    facts = []
    for row in register_rows():
        indicator = row.indicator
        if indicator.owner_id is None or not indicator.baseline_year < year <= indicator.target_year:
            continue
        approved = [
            v for v in row.values if v.status == "approved" and (local_day(v.reviewed_at) or "") <= as_of.isoformat()
        ]
        judged = next((j for j in judged_series(indicator, approved, row.years) if j.year == year), None)
        entered = next((v for v in row.values if v.year == year and v.quarter == 0), None)
        facts.append(
            {
                "id": indicator.id,
                "owner_id": indicator.owner_id,
                "name": indicator_label(indicator),
                "target": indicator.target or "",
                "value": judged.value if judged else None,
                "attainment": judged.attainment if judged else "无数据",
                "against_previous": judged.against_previous if judged else None,
                "entered_status": VALUE_STATUS_LABELS.get(entered.status) if entered else None,
            }
        )
    return facts


def computed_outcome(fact: dict) -> tuple[str | None, str]:
    """(met / improved / worse, or None when it does not count; the reason shown) from the computed attainment."""
    attainment = fact["attainment"]
    if attainment == "已达标":
        return "met", "已达标"
    if attainment == "接近":
        return "improved", "接近目标"
    if attainment == "未达标":
        if fact["against_previous"] == "进步":
            return "improved", "未达标，较上年进步"
        return "worse", "未达标"
    if attainment == "无数据":
        pending = f"（已填报，{fact['entered_status']}）" if fact.get("entered_status") else ""
        return "worse", f"截止日无经审核通过的本年度数值{pending}"
    return None, "待定（目标规则或省下达指标未定），不计入"
