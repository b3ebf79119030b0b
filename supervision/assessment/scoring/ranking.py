"""Ranking within each department kind (ties share a rank, the next rank skips) and the share caps on grades."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from math import floor

from supervision.assessment.scheme.constants import GRADES


def _tie_value(result: dict, key: str) -> float:
    if key == "bonus":
        return result["bonus"]["total"]
    if key == "deductions":
        return result["deductions"]["total"]
    if key == "subtotal":
        return result["subtotal"]
    component = next((c for c in result["components"] if c["key"] == key), None)
    return (component or {}).get("score") or 0.0  # a component that does not apply counts as 0


def sort_key(result: dict, ties: list[str]) -> tuple:
    key = [-result["total"]]
    for entry in ties:
        name, direction = entry.split()
        value = _tie_value(result, name)
        key.append(-value if direction == "desc" else value)
    return tuple(key)


def assign_ranks(results: list[dict], ties: list[str]) -> None:
    """Competition ranking (1, 2, 2, 4): equal on the total and every tie-breaker means the same rank (并列)."""
    ordered = sorted(results, key=lambda r: (sort_key(r, ties), r["name"]))
    previous, rank = None, 0
    for position, result in enumerate(ordered, start=1):
        key = sort_key(result, ties)
        if key != previous:
            rank, previous = position, key
        result["rank"], result["rank_of"] = rank, len(ordered)
    shared = Counter(r["rank"] for r in ordered)
    for result in ordered:
        result["tied"] = shared[result["rank"]] > 1


def apply_quotas(results: list[dict], quota: dict[str, float]) -> None:
    """Only the top floor(share × n) units (at least one) keep a capped grade; the others drop one grade.

    Units that share a rank at the boundary are treated alike and all keep the grade. Grades are taken in
    order, so a unit dropped from 优秀 competes for the 良好 places.
    """
    n = len(results)
    for grade in GRADES[:-1]:
        if grade not in quota or not n:
            continue
        places = max(1, floor(Fraction(str(quota[grade])) * n))
        holders = sorted((r for r in results if r["grade"] == grade), key=lambda r: r["rank"])
        if len(holders) <= places:
            continue
        last_rank = holders[places - 1]["rank"]
        lower = GRADES[GRADES.index(grade) + 1]
        for result in holders:
            if result["rank"] > last_rank:
                result["grade"] = lower
                result["grade_notes"].append(
                    f"“{grade}”不超过本类单位的 {quota[grade]:.0%}（{places} 个），等次由{grade}调整为{lower}"
                )


def rank_and_grade(results: dict[int, dict], scheme: dict) -> None:
    for kind in scheme["kinds"]:
        group = [r for r in results.values() if r["kind"] == kind and r["rated"]]
        assign_ranks(group, scheme["ranking"]["ties"])
        apply_quotas(group, scheme["grades"]["quota"])
