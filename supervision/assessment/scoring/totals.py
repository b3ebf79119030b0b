"""Scores of a year from its inputs: components, bonus and deductions, total, grade by score and caps.

`score_year(inputs)` is a pure function of the frozen inputs, so publishing can store the inputs and a
later check recomputes exactly the same numbers.
"""

from __future__ import annotations

from supervision.assessment.scheme.constants import GRADES
from supervision.assessment.scoring.adjustments import bonus_and_deductions
from supervision.assessment.scoring.measures import MEASURES
from supervision.assessment.scoring.ranking import rank_and_grade
from supervision.assessment.scoring.rounding import round_half_up
from supervision.assessment.scoring.yearview import YearView

NOT_PARTICIPATING = "不参评：本年度无到期的牵头任务节点、配合任务节点，也无负责的指标"


def participates(view: YearView, components: list[dict]) -> bool:
    """参评 when any component (a led milestone, a contribution, an owned indicator) has something to score."""
    return any(c["applicable"] for c in components)


def score_year(inputs: dict) -> dict[int, dict]:
    """Every department's result, ranked and graded within its kind."""
    view = YearView(inputs)
    results = {dept_id: score_department(view, dept) for dept_id, dept in view.departments.items()}
    rank_and_grade(results, view.scheme)
    return results


def _components(view: YearView, dept_id: int) -> list[dict]:
    scheme = view.scheme
    rows = []
    for key, params in scheme["components"].items():
        measured = MEASURES[key](view, dept_id, params)
        rows.append(
            {
                "key": key,
                "label": params["label"],
                "weight": params["weight"],
                "ratio": measured.ratio,
                "applicable": measured.ratio is not None,
                "basis": measured.basis,
                "items": measured.items,
                "measure": params["measure"],
            }
        )
    applicable = sum(r["weight"] for r in rows if r["applicable"])
    total_weight = sum(r["weight"] for r in rows)
    places = scheme["rounding"]["component"]
    for row in rows:
        if not row["applicable"]:
            row["effective_weight"], row["score"] = (
                (0.0, None) if scheme["if_none"] == "redistribute" else (row["weight"], 0.0)
            )
            continue
        scale = total_weight / applicable if scheme["if_none"] == "redistribute" and applicable else 1.0
        row["effective_weight"] = round_half_up(row["weight"] * scale, 4)
        row["score"] = round_half_up(row["weight"] * scale * row["ratio"], places)
        row["ratio"] = round_half_up(row["ratio"], 4)
    return rows


def score_department(view: YearView, dept: dict) -> dict:
    scheme = view.scheme
    dept_id = dept["id"]
    warnings: list[str] = []
    components = _components(view, dept_id)
    result = {
        "department_id": dept_id,
        "name": dept["name"],
        "kind": dept["kind"],
        "components": components,
        "tasks": view.task_lights(dept_id),
        "warnings": warnings,
        "rank": None,
        "rank_of": None,
    }
    quality = next((c for c in components if c["key"] == "quality"), None)
    missing = [i["task"] + " " + i["name"] for i in (quality or {}).get("items", []) if i["value"] is None]
    result["unrated_tasks"] = missing
    if missing:
        warnings.append(f"{len(missing)} 项牵头任务尚未评定质量等次")
    if not participates(view, components):
        result.update(
            rated=False,
            subtotal=None,
            total=None,
            grade=None,
            bonus=None,
            deductions=None,
            caps=[],
            grade_by_score=None,
            grade_notes=[NOT_PARTICIPATING],
        )
        return result
    places = scheme["rounding"]["total"]
    subtotal = round_half_up(sum(c["score"] or 0 for c in components), places)
    bonus, deductions = bonus_and_deductions(view, dept_id, warnings)
    total = round_half_up(max(0.0, subtotal + bonus["total"] - deductions["total"]), places)
    by_score = grade_for(total, scheme["grades"]["thresholds"])
    caps = _caps(view, dept_id)
    grade, notes = by_score, []
    for cap in caps:
        limit = cap.get("grade") or cap["grade_at_most"]
        capped = limit if "grade" in cap else max(grade, limit, key=GRADES.index)
        if capped != grade:
            notes.append(f"因“{cap['label']}”，等次由{grade}调整为{capped}")
            grade = capped
    result.update(
        rated=True,
        subtotal=subtotal,
        bonus=bonus,
        deductions=deductions,
        total=total,
        grade_by_score=by_score,
        caps=caps,
        grade=grade,
        grade_notes=notes,
    )
    return result


def grade_for(total: float, thresholds: dict[str, float]) -> str:
    for grade in GRADES[:-1]:
        if total >= thresholds[grade]:
            return grade
    return GRADES[-1]


def _caps(view: YearView, dept_id: int) -> list[dict]:
    caps = []
    for key, cap in view.scheme["grades"]["caps"].items():
        limit = {k: cap[k] for k in ("grade", "grade_at_most") if k in cap}
        if not cap["manual"] and key == "red_at_cut_off":
            red = [t for t in view.tasks_of[(dept_id, "lead")] if view.red_on(t, view.as_of)]
            if red:
                names = "、".join(f"{t['label']} {t['name']}" for t in red)
                caps.append({"key": key, "label": cap["label"], "reason": f"截止日仍为红灯：{names}", **limit})
        for row in view.manual["adjustments"]:
            if cap["manual"] and row["department_id"] == dept_id and row["kind"] == "grade_cap" and row["item"] == key:
                reason = row["reason"] + (f"（依据：{row['document']}）" if row["document"] else "")
                caps.append({"key": key, "label": cap["label"], "reason": reason, "adjustment_id": row["id"], **limit})
    return caps
