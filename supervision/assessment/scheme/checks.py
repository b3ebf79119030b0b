"""Validating the parts of a scheme document; every problem is collected so one refusal lists them all."""

from __future__ import annotations

import re
from datetime import date

from supervision.assessment.scheme.constants import COMPONENTS, DAY_PATTERN, GRADES

_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class Check:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def number(self, value, where: str, low: float = 0, high: float | None = None) -> float:
        ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= low
        if not ok or (high is not None and value > high):
            bound = f"{low:g} 到 {high:g} 之间" if high is not None else f"不小于 {low:g}"
            self.problems.append(f"{where} 应为{bound}的数值")
            return 0.0
        return float(value)

    def text(self, value, where: str, required: bool = True) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problems.append(f"{where} 应为非空文字")
            return ""
        return value.strip()

    def mapping(self, value, where: str) -> dict:
        if not isinstance(value, dict):
            self.problems.append(f"{where} 应为映射（键: 值）")
            return {}
        return value

    def day(self, value, where: str) -> str:
        match = DAY_PATTERN.match(value) if isinstance(value, str) else None
        if match:
            try:
                date(2024, int(match.group(1)), int(match.group(2)))  # a leap year takes every real MM-DD
                return value
            except ValueError:
                pass
        self.problems.append(f"{where} 应为“MM-DD”或“MM-DD+1”形式的日期")
        return "01-01+1"


def _points(check: Check, value, where: str) -> float | dict:
    if isinstance(value, dict) and value:
        return {str(k): check.number(v, f"{where}.{k}") for k, v in value.items()}
    return check.number(value, where)


def items(check: Check, raw, where: str, computed: tuple[str, ...]) -> dict:
    """Bonus or deduction items: label, points (or points by level), cap, manual, rule."""
    result = {}
    for key, item in check.mapping(raw, where).items():
        at = f"{where}.{key}"
        item = check.mapping(item, at)
        manual = bool(item.get("manual", False))
        if not _KEY.match(str(key)):
            check.problems.append(f"{at}：键名只能用小写字母、数字和下划线")
        if not manual and key not in computed:
            check.problems.append(f"{at}：系统无法自动计算此项，请标注 manual: true")
        entry = {
            "label": check.text(item.get("label"), f"{at}.label"),
            "points": _points(check, item.get("points"), f"{at}.points"),
            "cap": check.number(item.get("cap"), f"{at}.cap"),
            "manual": manual,
            "rule": check.text(item.get("rule"), f"{at}.rule", required=False),
        }
        if isinstance(entry["points"], dict):
            labels = item.get("levels") if isinstance(item.get("levels"), dict) else {}
            entry["levels"] = {k: str(labels.get(k, k)) for k in entry["points"]}
        if key == "late_days" and not manual:
            entry["cap_per_milestone"] = check.number(item.get("cap_per_milestone", 0), f"{at}.cap_per_milestone")
        result[str(key)] = entry
    return result


def components(check: Check, raw) -> dict:
    """The weighted components with their parameters."""
    result = {}
    for key, item in check.mapping(raw, "components").items():
        at = f"components.{key}"
        if key not in COMPONENTS:
            check.problems.append(f"{at}：未知的评分项（可用：{'、'.join(COMPONENTS)}）")
            continue
        item = check.mapping(item, at)
        entry = {
            "label": check.text(item.get("label"), f"{at}.label"),
            "weight": check.number(item.get("weight"), f"{at}.weight"),
            "manual": key in ("quality", "indicators"),
            "measure": check.text(item.get("measure"), f"{at}.measure", required=False),
        }
        if key == "lead_tasks":
            entry["late_penalty_per_working_day"] = check.number(
                item.get("late_penalty_per_working_day", 0), f"{at}.late_penalty_per_working_day", 0, 1
            )
            entry["late_floor"] = check.number(item.get("late_floor", 0), f"{at}.late_floor", 0, 1)
        if key == "quality":
            ratings = check.mapping(item.get("ratings"), f"{at}.ratings")
            entry["ratings"] = {g: check.number(ratings.get(g), f"{at}.ratings.{g}", 0, 1) for g in "ABCD"}
        if key == "indicators":
            outcomes = check.mapping(item.get("outcomes"), f"{at}.outcomes")
            entry["outcomes"] = {
                o: check.number(outcomes.get(o), f"{at}.outcomes.{o}", 0, 1) for o in ("met", "improved", "worse")
            }
        result[key] = entry
    return result


def grades(check: Check, raw, computed_caps: tuple[str, ...]) -> dict:
    """Thresholds (decreasing), optional quotas, and caps (veto rules)."""
    raw = check.mapping(raw, "grades")
    thresholds = check.mapping(raw.get("thresholds"), "grades.thresholds")
    normal = {g: check.number(thresholds[g], f"grades.thresholds.{g}") for g in GRADES[:-1] if g in thresholds}
    extra = set(thresholds) - set(GRADES[:-1])
    if extra or len(normal) != 3:
        check.problems.append("grades.thresholds 应恰好给出 优秀、良好、合格 三个分数线")
    values = list(normal.values())
    if values != sorted(values, reverse=True) or len(set(values)) != len(values):
        check.problems.append("grades.thresholds 应为 优秀 > 良好 > 合格")
    quota = {}
    for grade, share in check.mapping(raw.get("quota") or {}, "grades.quota").items():
        if grade not in GRADES[:-1]:
            check.problems.append(f"grades.quota.{grade}：未知的等次")
        elif share is not None:
            quota[grade] = check.number(share, f"grades.quota.{grade}", 0, 1)
    caps = {}
    for key, cap in check.mapping(raw.get("caps") or {}, "grades.caps").items():
        at = f"grades.caps.{key}"
        cap = check.mapping(cap, at)
        manual = bool(cap.get("manual", False))
        if not manual and key not in computed_caps:
            check.problems.append(f"{at}：系统无法自动判断此项，请标注 manual: true")
        limit = cap.get("grade") or cap.get("grade_at_most")
        if limit not in GRADES:
            check.problems.append(f"{at} 应给出 grade 或 grade_at_most（{'/'.join(GRADES)}）")
        exact = "grade" in cap
        caps[str(key)] = {"label": check.text(cap.get("label"), f"{at}.label"), "manual": manual}
        caps[str(key)]["grade" if exact else "grade_at_most"] = limit if limit in GRADES else GRADES[-1]
    return {"thresholds": normal, "quota": quota, "caps": caps}


def ties(check: Check, raw, keys: set[str]) -> list[str]:
    """Tie-breakers as 'key asc|desc'."""
    result = []
    for entry in raw or []:
        parts = str(entry).split()
        if len(parts) != 2 or parts[0] not in keys or parts[1] not in ("asc", "desc"):
            check.problems.append(f"ranking.ties 中“{entry}”应为“评分项 asc|desc”（可用：{'、'.join(sorted(keys))}）")
            continue
        result.append(f"{parts[0]} {parts[1]}")
    return result
