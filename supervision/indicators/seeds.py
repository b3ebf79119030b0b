"""Loading a plan's indicator table from seeds/indicators.yaml; texts are kept exactly as the document writes them."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from supervision.errors import DomainError
from supervision.extensions import db
from supervision.indicators.models import Indicator
from supervision.indicators.register import read_rule
from supervision.plans.models import Plan

TEXT_FIELDS = ("category", "name", "unit", "scope", "baseline_year", "baseline", "target_year", "target", "better")
_YEAR_KEY = re.compile(r"(value|target)_([0-9]{4})")


def _read_yaml(path: Path) -> dict:
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise DomainError(f"{path.name} 不是有效的 YAML：{error}") from None


def seed_row(row: dict) -> dict:
    """The register fields of a seed row: `value_2020`/`target_2025` give the baseline and target years."""
    values = {"category": row["category"], "name": row["name"], "unit": row.get("unit"), "scope": row.get("scope")}
    for key, text in row.items():
        if m := _YEAR_KEY.fullmatch(key):
            prefix = "baseline" if m[1] == "value" else "target"
            values[f"{prefix}_year"], values[prefix] = int(m[2]), text
    values["better"] = row.get("direction")
    missing = [k for k in ("baseline_year", "target_year") if k not in values]
    if missing:
        raise DomainError(f"指标 {row.get('number')} 缺少基期值或目标值（value_YYYY / target_YYYY）。")
    return values


def load_indicators(path: Path) -> dict[str, int]:
    """Insert or update the indicators of one plan, keyed by number and coverage; office settings are kept."""
    data = _read_yaml(path)
    plan_code = data.get("plan")
    if not db.session.scalar(select(Plan.id).where(Plan.code == plan_code)):
        raise DomainError(f"{path.name} 指向的规划“{plan_code}”不存在。")
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    existing = {
        (i.number, i.coverage): i for i in db.session.scalars(select(Indicator).where(Indicator.plan_code == plan_code))
    }
    for row in data.get("indicators") or []:
        indicator = existing.get((row["number"], row.get("coverage")))
        values = seed_row(row)
        if indicator is None:
            indicator = Indicator(plan_code=plan_code, number=row["number"], coverage=row.get("coverage"), **values)
            indicator.rule, indicator.direction = read_rule(indicator)
            db.session.add(indicator)
            counts["created"] += 1
        elif {f: getattr(indicator, f) for f in TEXT_FIELDS} != values:
            for field, value in values.items():
                setattr(indicator, field, value)
            indicator.rule, indicator.direction = read_rule(indicator)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    db.session.flush()
    return counts
