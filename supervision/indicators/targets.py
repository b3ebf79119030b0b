"""The quantitative targets of tasks (TaskTarget: the action plan's and the key projects' numeric targets),
measured like the indicators: a rule read by the indicator parser (flagged when it cannot be read, never
guessed) or written by the office by hand, the value each report of the lead carries per period, and the
latest approved value judged."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from supervision.audit.services import record_event
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.indicators.register import LIGHTS
from supervision.indicators.rules import Rule, attainment, parse_target
from supervision.indicators.services import require_office
from supervision.indicators.values import InvalidValue, parse_value
from supervision.milestones.models import Milestone
from supervision.reports.models import REPORT_STATUS_LABELS, Report, ReportStatus, ReportTargetValue
from supervision.tasks.models import Task, TaskTarget

NO_BASELINE = "relative"  # 下降/提高 x%: a task target has no baseline, so such a rule stays 待定


# The rules a task target can be judged by: a task target has neither a baseline nor a province figure.
ABSOLUTE = ("at_least", "more_than", "at_most", "less_than", "range", "maintain")
MSG_UNREADABLE = "无法识别该评判规则，请写成 ≥x、≤x、x以上、x以下、x～y 或“稳定在x”等形式。"
MSG_RELATIVE = "任务目标没有基期值，不能按“下降/提高x%”评判，请按基期值换算后写成 ≤x 或 ≥x。"
MSG_PROVINCE = "任务目标没有省下达数值，请写成 ≥x、≤x 等具体数值。"
MSG_EMPTY = "请填写评判规则，如 ≥90%、≤5、x以上。"
MSG_READABLE = "该目标表述已能自动识别，无需人工设定评判规则。"


def target_rule(target: TaskTarget) -> Rule | None:
    """The office's hand-written rule when there is one, else the rule of the document's wording; None when it
    is flagged (the parser cannot read it with certainty)."""
    if target.rule:
        return Rule.from_dict(target.rule)
    return parse_target(target.text)


def needs_hand_rule(target: TaskTarget) -> bool:
    """Whether the document's wording cannot be judged as written: flagged, or relative (下降/提高 x%, no
    baseline) or a province figure (none is kept for a task): the office may then write the rule by hand."""
    rule = parse_target(target.text)
    return rule is None or rule.kind not in ABSOLUTE


def get_target_or_404(target_id: int) -> TaskTarget:
    return db.get_or_404(TaskTarget, target_id)


def set_target_rule(target: TaskTarget, wording: str, *, actor) -> None:
    """The office writes the rule of a target the document's wording cannot be judged by (for example `≥90%`);
    an empty wording clears it (back to the parser). The document's text is kept. Only absolute rules: a relative
    one (`下降5%`) has no baseline here and a province one no figure, so both are refused. Audited before/after."""
    require_office(actor)
    wording = (wording or "").strip()
    rule = None
    if wording:
        if target.rule is None and not needs_hand_rule(target):
            raise DomainError(MSG_READABLE)
        rule = parse_target(wording)
        if rule is None:
            raise DomainError(MSG_UNREADABLE)
        if rule.kind.startswith(NO_BASELINE):
            raise DomainError(MSG_RELATIVE)
        if rule.kind not in ABSOLUTE:
            raise DomainError(MSG_PROVINCE)
    before = {"rule": target.rule, "wording": target.rule_wording}
    if rule is None and before["rule"] is None:
        raise DomainError(MSG_EMPTY)  # nothing hand-written to clear
    target.rule, target.rule_wording = (rule.to_dict(), wording) if rule else (None, None)
    after = {"rule": target.rule, "wording": target.rule_wording}
    record_event(
        "task_target.rule", object_type="task_target", object_id=target.id, before=before, after=after, user=actor
    )
    db.session.flush()


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
    def hand_set(self) -> bool:
        """The rule was written by the office by hand."""
        return self.target.rule is not None

    @property
    def settable(self) -> bool:
        """The office may write (or change, or clear) the rule by hand."""
        return self.hand_set or needs_hand_rule(self.target)

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
