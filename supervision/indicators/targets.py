"""The quantitative targets of tasks (TaskTarget: the action plan's and the key projects' numeric targets),
measured like the indicators: a rule read by the indicator parser (flagged when it cannot be read, never
guessed), the value each report of the lead carries per period, and the latest approved value judged."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from supervision.extensions import db
from supervision.indicators.register import LIGHTS
from supervision.indicators.rules import Rule, attainment, parse_target
from supervision.indicators.values import InvalidValue, parse_value
from supervision.milestones.models import Milestone
from supervision.reports.models import REPORT_STATUS_LABELS, Report, ReportStatus, ReportTargetValue
from supervision.tasks.models import Task, TaskTarget

NO_BASELINE = "relative"  # 下降/提高 x%: a task target has no baseline, so such a rule stays 待定


def target_rule(target: TaskTarget) -> Rule | None:
    """The rule of a target wording; None when it is flagged (the parser cannot read it with certainty)."""
    return parse_target(target.text)


def judge_target(rule: Rule | None, value: str | None) -> str:
    """已达标 / 未达标 / 接近 / 待定 / 无数据 of a reported value (text) against a target's rule."""
    if not (value or "").strip():
        return "无数据"
    if rule is None or parse_value(value) is None:
        return "待定"
    try:
        return attainment(rule, value)
    except InvalidValue:
        return "待定"


@dataclass(frozen=True)
class Point:
    year: int
    period: str  # the milestone's title
    due_date: date
    value: str
    status: str
    attainment: str  # judged only once the office approved the report

    @property
    def status_label(self) -> str:
        return REPORT_STATUS_LABELS.get(self.status, self.status)

    @property
    def light(self) -> str:
        return LIGHTS[self.attainment]


@dataclass
class TargetSeries:
    target: TaskTarget
    rule: Rule | None
    points: list[Point] = field(default_factory=list)

    @property
    def latest(self) -> Point | None:
        approved = [p for p in self.points if p.status == ReportStatus.approved.value]
        return approved[-1] if approved else None

    @property
    def attainment(self) -> str:
        return self.latest.attainment if self.latest else "无数据"

    @property
    def light(self) -> str:
        return LIGHTS[self.attainment]


def target_series(task: Task) -> list[TargetSeries]:
    """Each target of `task` with the values of the lead's reports, by due date (two queries)."""
    targets = list(
        db.session.scalars(select(TaskTarget).where(TaskTarget.task_id == task.id).order_by(TaskTarget.position))
    )
    if not targets:
        return []
    series = {t.id: TargetSeries(t, target_rule(t)) for t in targets}
    rows = db.session.execute(
        select(ReportTargetValue.target_id, ReportTargetValue.value, Report.status, Milestone)
        .join(Report, Report.id == ReportTargetValue.report_id)
        .join(Milestone, Milestone.id == Report.milestone_id)
        .where(ReportTargetValue.target_id.in_(list(series)), ReportTargetValue.value != "")
        .order_by(Milestone.due_date, Milestone.id)
    )
    for target_id, value, status, milestone in rows:
        entry = series[target_id]
        judged = judge_target(entry.rule, value) if status == ReportStatus.approved.value else "待定"
        entry.points.append(Point(milestone.year, milestone.title, milestone.due_date, value, status, judged))
    return list(series.values())
