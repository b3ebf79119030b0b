"""The demo plan of `flask seed --demo`: a short running plan (marked 演示), some of its tasks carried over from the
unfinished tasks of the 十四五 plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from supervision.extensions import db
from supervision.plans.models import Plan
from supervision.plans.seeds import read_plan_file
from supervision.plans.services import load_plans
from supervision.tasks.lifecycle import carry_over_task
from supervision.tasks.models import Task

DEMO_REASON = "演示数据：转入演示规划"


def _task(plan_code: str, kind: str, number: int) -> Task | None:
    return db.session.scalar(
        select(Task).join(Plan).where(Plan.code == plan_code, Task.kind == kind, Task.number == number)
    )


def load_demo_plan(path: Path, *, today: date) -> dict[str, int]:
    """Load the demo plan (idempotent), mark it 演示 and carry the named predecessors over, once, when they are
    still open (a task the office has closed or carried over keeps its state)."""
    data = read_plan_file(path)
    counts = load_plans([data])
    plan = db.session.scalar(select(Plan).where(Plan.code == data["code"]))
    plan.is_demo = True
    counts["carried"] = 0
    for row in data["tasks"]:
        source = row.get("carried_from")
        if not source:
            continue
        predecessor = _task(source["plan"], source["kind"], source["number"])
        successor = _task(plan.code, row["kind"], row["number"])
        if predecessor is not None and successor is not None and predecessor.status == "open":
            carry_over_task(predecessor, successor, DEMO_REASON, today=today)
            counts["carried"] += 1
    db.session.flush()
    return counts
