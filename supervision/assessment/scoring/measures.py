"""How each component is measured from the frozen facts: a ratio in [0, 1], the items behind it, a basis line.

Pure functions over plain data (inputs.py), so a published score can be recomputed from its frozen inputs.
A measure returns ratio None when the department has nothing to be measured on (not applicable).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from supervision.assessment.scoring.indicator_facts import OUTCOME_LABELS, computed_outcome


@dataclass
class Measured:
    ratio: float | None
    basis: str
    items: list[dict] = field(default_factory=list)


def _milestone_item(view, m: dict, value: float, note: str) -> dict:
    report = m["report"] or {}
    return {
        "milestone_id": m["id"],
        "task": view.tasks[m["task_id"]]["label"],
        "title": m["title"],
        "due": m["due"],
        "first_submitted": report.get("first_submitted"),
        "submitted": report.get("last_submitted"),
        "approved": report.get("approved"),
        "value": round(value, 4),
        "note": note,
    }


def lead_tasks(view, dept_id: int, params: dict) -> Measured:
    due = view.due_milestones(dept_id, "lead")
    if not due:
        return Measured(None, "本年度无到期的牵头任务节点")
    items, on_time, late, missing = [], 0, 0, 0
    for m in due:
        report = m["report"]
        if view.approved_by(report, view.as_of):
            days = report["approved_late_days"]
            if days == 0:
                value, note, on_time = 1.0, "按期完成：按期报送并通过", on_time + 1
            else:
                penalty = 1.0 - params["late_penalty_per_working_day"] * days
                value, late = max(params["late_floor"], penalty), late + 1
                note = f"逾期完成：通过，逾期 {days} 个工作日"
        else:
            value, note, missing = 0.0, "截止日未通过", missing + 1
        items.append(_milestone_item(view, m, value, note))
    ratio = sum(i["value"] for i in items) / len(items)
    basis = f"到期节点 {len(items)} 个：按期完成 {on_time} 个，逾期完成 {late} 个，未完成 {missing} 个"
    return Measured(ratio, basis, items)


def _completion(view, report: dict | None) -> str:
    """；已完成 / ；逾期完成 (the approved version sent after the due date), as the milestone pages show it."""
    if not view.approved_by(report, view.as_of):
        return ""
    return "；逾期完成" if report["approved_late_days"] else "；按期完成"


def on_time_reporting(view, dept_id: int, params: dict) -> Measured:
    due = view.due_milestones(dept_id, "lead")
    if not due:
        return Measured(None, "本年度无应报送的报告")
    items = []
    for m in due:
        first = (m["report"] or {}).get("first_submitted")
        ok = bool(first) and first <= m["due"]
        note = "按时报送" if ok else ("逾期报送" if first and first <= view.as_of.isoformat() else "截止日未报送")
        items.append(_milestone_item(view, m, 1.0 if ok else 0.0, note + _completion(view, m["report"])))
    count = sum(1 for i in items if i["value"])
    return Measured(count / len(items), f"按时报送 {count} 份 / 应报送 {len(items)} 份", items)


def cooperation(view, dept_id: int, params: dict) -> Measured:
    due = view.due_milestones(dept_id, "cooperating")
    if not due:
        return Measured(None, "本年度无到期的配合事项")
    items = []
    for m in due:
        own = next((c for c in m["contributions"] if c["department_id"] == dept_id), None)
        first = own and own["first_submitted"]
        ok = bool(first) and first <= m["due"]
        note = "按时提交配合情况" if ok else ("逾期提交" if first else "未提交配合情况")
        item = _milestone_item(view, m, 1.0 if ok else 0.0, note)
        item["first_submitted"] = first or None
        items.append(item)
    count = sum(1 for i in items if i["value"])
    return Measured(count / len(items), f"按时提交配合情况 {count} 项 / 配合事项 {len(items)} 项", items)


def quality(view, dept_id: int, params: dict) -> Measured:
    tasks = view.tasks_with_due(dept_id, "lead")
    if not tasks:
        return Measured(None, "本年度无牵头任务")
    ratings = view.manual["quality"]
    items, missing = [], []
    for task in tasks:
        rating = ratings.get(str(task["id"]))
        if rating is None:
            missing.append(task["id"])
            items.append(
                {
                    "task_id": task["id"],
                    "task": task["label"],
                    "name": task["name"],
                    "grade": None,
                    "value": None,
                    "note": "未评定（不计入）",
                }
            )
            continue
        value = params["ratings"][rating["grade"]]
        items.append(
            {
                "task_id": task["id"],
                "task": task["label"],
                "name": task["name"],
                "grade": rating["grade"],
                "value": value,
                "note": rating["note"],
            }
        )
    rated = [i for i in items if i["value"] is not None]
    if not rated:
        return Measured(None, f"{len(missing)} 项牵头任务尚未评定质量等次", items)
    grades = "、".join(f"{i['grade']}" for i in rated)
    basis = f"{len(rated)} 项牵头任务评定为 {grades}" + (f"；{len(missing)} 项未评定" if missing else "")
    return Measured(sum(i["value"] for i in rated) / len(rated), basis, items)


def evidence(view, dept_id: int, params: dict) -> Measured:
    due = view.due_milestones(dept_id, "lead")
    if not due:
        return Measured(None, "本年度无到期的牵头任务节点")
    items = []
    for m in due:
        if not view.approved_by(m["report"], view.as_of):
            continue
        accepted = [e for e in m["evidence"] if e["verdict"] == "accepted"]
        note = "采信：" + "、".join(e["filename"] for e in accepted) if accepted else "无被采信的佐证材料"
        item = _milestone_item(view, m, 1.0 if accepted else 0.0, note)
        item["evidence"] = [{"id": e["id"], "filename": e["filename"], "sha256": e["sha256"]} for e in accepted]
        items.append(item)
    if not items:
        return Measured(0.0, "无审核通过的报告，佐证材料不得分")
    count = sum(1 for i in items if i["value"])
    return Measured(count / len(items), f"有采信材料的报告 {count} 份 / 审核通过的报告 {len(items)} 份", items)


def indicators(view, dept_id: int, params: dict) -> Measured:
    """The owned indicators judged by the register; an office override (with its reason) replaces an outcome."""
    if view.indicators is None:
        return _typed_indicators(view, dept_id, params)
    owned = [i for i in view.indicators if i["owner_id"] == dept_id]
    if not owned:
        return Measured(None, "本部门无负责的指标")
    overrides = {r["indicator_id"]: r for r in view.manual["indicators"] if r.get("indicator_id") and r["note"]}
    items, counted, met, changed = [], 0, 0, 0
    for fact in owned:
        outcome, note = computed_outcome(fact)
        override = overrides.get(fact["id"])
        item = {
            "indicator_id": fact["id"],
            "indicator": fact["name"],
            "target": fact["target"],
            "actual": fact["value"] or "",
            "attainment": fact["attainment"],
            "computed": OUTCOME_LABELS.get(outcome, "不计入"),
            "override": None,
        }
        if override is not None:
            item["override"] = {"outcome": OUTCOME_LABELS[override["outcome"]], "reason": override["note"]}
            outcome, note, changed = (
                override["outcome"],
                f"办公室调整为{OUTCOME_LABELS[override['outcome']]}（系统判定：{note}）；理由：{override['note']}",
                changed + 1,
            )
        item["value"] = params["outcomes"][outcome] if outcome else None
        item["note"] = note
        items.append(item)
        if outcome:
            counted, met = counted + 1, met + (outcome == "met")
    scored = [i["value"] for i in items if i["value"] is not None]
    if not scored:
        return Measured(None, f"负责指标 {len(items)} 项，均为待定，不计分", items)
    basis = f"负责指标 {len(items)} 项，计分 {counted} 项，达标 {met} 项" + (
        f"；办公室调整 {changed} 项" if changed else ""
    )
    return Measured(sum(scored) / len(scored), basis, items)


def _typed_indicators(view, dept_id: int, params: dict) -> Measured:
    """Inputs frozen before version 2: the outcome the office picked per department and indicator."""
    rows = [r for r in view.manual["indicators"] if r["department_id"] == dept_id]
    if not rows:
        return Measured(None, "本部门无负责的指标")
    items = [
        {
            "indicator": r["name"],
            "target": r["target"],
            "value": params["outcomes"][r["outcome"]],
            "actual": r["value"],
            "note": OUTCOME_LABELS[r["outcome"]] + (f"；{r['note']}" if r["note"] else ""),
        }
        for r in rows
    ]
    met = sum(1 for r in rows if r["outcome"] == "met")
    return Measured(sum(i["value"] for i in items) / len(items), f"负责指标 {len(rows)} 项，达标 {met} 项", items)


MEASURES = {
    "lead_tasks": lead_tasks,
    "cooperation": cooperation,
    "on_time_reporting": on_time_reporting,
    "quality": quality,
    "evidence": evidence,
    "indicators": indicators,
}
