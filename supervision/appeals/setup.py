"""Wiring 复核 into the app: the outcome notice of an answer, and the 复核 lines of the scorecard."""

from __future__ import annotations

from flask import Flask

from supervision.appeals.models import Appeal
from supervision.appeals.services import DECIDED_HOOK, review_lines
from supervision.assessment.output.scorecards import SCORECARD_LINES
from supervision.hooks import add_hook
from supervision.outcomes.recipients import staff_of
from supervision.outcomes.services import record_outcomes
from supervision.reminders.letters import site_path


def notify_decision(appeal: Appeal) -> None:
    """维持 or 调整 reaches the department's liaisons and head, in-app at once and in the day's e-mail."""
    sentence = f"{appeal.code}（{appeal.target_label}）复核结论：{appeal.state_label}，理由：{appeal.reply}"
    if appeal.total_after != appeal.total_before:
        sentence += f"；总分调整为 {appeal.total_after:g}，排名第{appeal.rank_after}名"
    users = staff_of([appeal.department_id], roles=("liaison", "dept_head"))
    record_outcomes(users, "appeal_decided", sentence, site_path("appeals.detail", appeal_id=appeal.id))


def init_app(app: Flask) -> None:
    add_hook(app, DECIDED_HOOK, notify_decision)
    add_hook(app, SCORECARD_LINES, review_lines)
