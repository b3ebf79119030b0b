"""Milestone generation from the official calendar."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from supervision.milestones.models import Milestone
from tests.workflow import setup_year


def test_generation_follows_the_official_calendar_and_is_idempotent(runner, db):
    task, q3 = setup_year(runner, db)
    # 5th working day after 2025-09-30: Oct 9, 10, 11 (make-up Saturday), 13, 14
    assert q3.due_date == date(2025, 10, 14)
    annual = db.session.scalar(select(Milestone).where(Milestone.task_id == task.id, Milestone.key == "annual"))
    assert annual.due_date == date(2025, 12, 15)
    count = db.session.scalar(select(func.count()).select_from(Milestone))
    again = runner.invoke(args=["milestones", "generate", "--year", "2025"])
    assert "新增节点 0 个" in again.output
    assert db.session.scalar(select(func.count()).select_from(Milestone)) == count
