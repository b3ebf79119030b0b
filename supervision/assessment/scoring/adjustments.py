"""Bonus (加分) and deduction (扣分) lines: computed ones list their events, manual ones carry the reason."""

from __future__ import annotations

from datetime import date

from supervision.assessment.scoring.rounding import round_half_up

QUARTER_ENDS = ((3, 31), (6, 30), (9, 30), (12, 31))


def _returns(view, milestones: list[dict], items: dict) -> list[dict]:
    lines = []
    for m in milestones:
        for back in (m["report"] or {}).get("returns", []):
            if back["day"] <= view.as_of.isoformat():
                reason = f"{_name(view, m)}{back['day']} 被退回：{back['comment']}"
                lines.append(_line("returned_report", items, 1, reason, milestone_id=m["id"]))
    return lines


def _late_days(view, milestones: list[dict], items: dict) -> list[dict]:
    lines = []
    per_milestone = items["late_days"]["cap_per_milestone"]
    for m in milestones:
        days = m["first_late_days"]
        if view.is_due(m) and days:
            reason = f"{_name(view, m)}首次报送逾期 {days} 个工作日"
            line = _line("late_days", items, days, reason, milestone_id=m["id"])
            if per_milestone:
                line["points"] = min(line["points"], per_milestone)
            lines.append(line)
    return lines


def _red_at_quarter_ends(view, tasks: list[dict], items: dict) -> list[dict]:
    lines = []
    for month, day in QUARTER_ENDS:
        quarter_end = date(view.year, month, day)
        if quarter_end > view.as_of:
            continue
        for task in tasks:
            red = view.red_on(task, quarter_end)
            if red:
                titles = "、".join(f"《{m['title']}》" for m in red)
                reason = f"{task['label']} {task['name']} 于 {quarter_end.isoformat()} 亮红灯（{titles}）"
                lines.append(_line("red_at_quarter_end", items, 1, reason, task_id=task["id"]))
    return lines


COMPUTED = {"returned_report": _returns, "late_days": _late_days, "red_at_quarter_end": _red_at_quarter_ends}


def _computed_deductions(view, dept_id: int, items: dict) -> list[dict]:
    tasks = view.tasks_of[(dept_id, "lead")]
    milestones = [m for t in tasks for m in view.milestones_of[t["id"]]]
    lines = []
    for key, compute in COMPUTED.items():
        if key in items and not items[key]["manual"]:
            lines += compute(view, tasks if key == "red_at_quarter_end" else milestones, items)
    for fact in view.facts:
        key = fact["item"]
        if fact["department_id"] == dept_id and key in items and not items[key]["manual"]:
            lines.append(_line(key, items, fact["count"], fact["reason"]))
    return lines


def _name(view, milestone: dict) -> str:
    return f"《{milestone['title']}》（{view.tasks[milestone['task_id']]['label']}）"


def _line(key: str, items: dict, count: float, reason: str, **ref) -> dict:
    item = items[key]
    return {
        "item": key,
        "label": item["label"],
        "points": round_half_up(item["points"] * count, 4),
        "reason": reason,
        "source": "computed",
        **ref,
    }


def _manual_lines(view, dept_id: int, kind: str, items: dict, warnings: list[str]) -> list[dict]:
    lines = []
    for row in view.manual["adjustments"]:
        if row["department_id"] != dept_id or row["kind"] != kind:
            continue
        item = items.get(row["item"])
        if item is None or not item["manual"]:
            warnings.append(
                f"第 {row['id']} 条{'加分' if kind == 'bonus' else '扣分'}的事项“{row['item']}”不在评分细则中，未计分"
            )
            continue
        points = item["points"]
        if isinstance(points, dict):
            if row["level"] not in points:
                warnings.append(f"第 {row['id']} 条“{item['label']}”的级别“{row['level']}”无效，未计分")
                continue
            label = f"{item['label']}（{item['levels'][row['level']]}）"
            points = points[row["level"]]
        else:
            label = item["label"]
        reason = row["reason"] + (f"（依据：{row['document']}）" if row["document"] else "")
        count = f" × {row['count']}" if row["count"] != 1 else ""
        lines.append(
            {
                "item": row["item"],
                "label": label + count,
                "points": round_half_up(points * row["count"], 4),
                "reason": reason,
                "source": "manual",
                "adjustment_id": row["id"],
            }
        )
    return lines


def _capped(lines: list[dict], section: dict) -> dict:
    by_item: dict[str, float] = {}
    for line in lines:
        by_item[line["item"]] = by_item.get(line["item"], 0) + line["points"]
    capped = {key: min(total, section["items"][key]["cap"]) for key, total in by_item.items()}
    raw = sum(capped.values())
    return {
        "lines": lines,
        "items": [
            {
                "item": k,
                "label": section["items"][k]["label"],
                "raw": round_half_up(by_item[k], 4),
                "cap": section["items"][k]["cap"],
                "points": round_half_up(capped[k], 4),
            }
            for k in by_item
        ],
        "raw": round_half_up(raw, 4),
        "cap": section["cap_total"],
        "total": round_half_up(min(raw, section["cap_total"]), 4),
    }


def bonus_and_deductions(view, dept_id: int, warnings: list[str]) -> tuple[dict, dict]:
    scheme = view.scheme
    bonus = _manual_lines(view, dept_id, "bonus", scheme["bonus"]["items"], warnings)
    deductions = _computed_deductions(view, dept_id, scheme["deductions"]["items"])
    deductions += _manual_lines(view, dept_id, "deduction", scheme["deductions"]["items"], warnings)
    return _capped(bonus, scheme["bonus"]), _capped(deductions, scheme["deductions"])
