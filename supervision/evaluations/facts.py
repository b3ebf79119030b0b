"""The facts of an evaluation, generated from the data as of a date: per task (reports, year-end lights, on-time
rate, evidence accepted, the suggested verdict) and the summary figures."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from supervision.calendar.store import work_calendar
from supervision.clock import local_date
from supervision.evidence.models import Evidence
from supervision.extensions import db
from supervision.milestones.lights import LIGHT_LABELS, light_for, worst_light
from supervision.milestones.models import Milestone
from supervision.plans.models import Plan
from supervision.reports.models import Report
from supervision.tasks.models import VERDICTS, Task

# The suggested verdict: 完成 when nearly every due milestone was approved and most on time; 基本完成 when most
# were approved; 未完成 otherwise. A task closed (销号) with a verdict keeps the office's verdict.
DONE_SHARE, DONE_ON_TIME, BASIC_SHARE = 0.9, 0.8, 0.6


@dataclass
class TaskFacts:
    task: Task
    due: int = 0  # milestones due by the evaluation date
    approved: int = 0
    on_time: int = 0  # approved reports submitted by the due date
    evidence_accepted: int = 0
    year_lights: dict[int, str] = field(default_factory=dict)  # year → worst light at the year's end
    suggested: str = "未完成"
    verdict: str = "未完成"
    reason: str | None = None  # the office's reason where it changed the suggested verdict

    @property
    def approved_rate(self) -> float | None:
        return self.approved / self.due if self.due else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.due if self.due else None

    @property
    def lights_text(self) -> str:
        return "；".join(f"{y}年{LIGHT_LABELS[light]}" for y, light in sorted(self.year_lights.items())) or "—"


def suggest_verdict(facts: TaskFacts) -> str:
    task = facts.task
    if task.status == "completed" and task.verdict in VERDICTS:
        return task.verdict
    share, on_time = facts.approved_rate or 0, facts.on_time_rate or 0
    if facts.due and share >= DONE_SHARE and on_time >= DONE_ON_TIME:
        return "完成"
    if facts.due and share >= BASIC_SHARE:
        return "基本完成"
    return "未完成"


def task_facts(plan: Plan, as_of: date, overrides: dict[int, tuple[str, str]]) -> list[TaskFacts]:
    """Facts of every task of `plan` as of `as_of`; `overrides` maps task id → (verdict, reason) of the office."""
    last_year = min(plan.end_year, as_of.year)
    tasks = sorted(plan.tasks, key=lambda t: (t.kind != "key_project", t.number))
    facts = {t.id: TaskFacts(t) for t in tasks}
    rows = db.session.execute(
        select(Milestone, Report.status, Report.submitted_at)
        .join(Task, Task.id == Milestone.task_id)
        .outerjoin(Report, Report.milestone_id == Milestone.id)
        .where(Task.plan_id == plan.id, Milestone.year <= last_year)
        .order_by(Milestone.due_date, Milestone.id)
    ).all()
    accepted = dict(
        db.session.execute(
            select(Evidence.milestone_id, func.count())
            .join(Milestone, Milestone.id == Evidence.milestone_id)
            .join(Task, Task.id == Milestone.task_id)
            .where(Task.plan_id == plan.id, Evidence.verdict == "accepted", Evidence.withdrawn_at.is_(None))
            .group_by(Evidence.milestone_id)
        ).all()
    )
    calendar = work_calendar(assume_weekdays_after_official=True)
    lights: dict[tuple[int, int], list[str]] = defaultdict(list)
    for milestone, status, submitted_at in rows:
        f = facts[milestone.task_id]
        year_end = min(date(milestone.year, 12, 31), as_of)
        lights[(f.task.id, milestone.year)].append(light_for(milestone, status, year_end, calendar))
        f.evidence_accepted += accepted.get(milestone.id, 0)
        if milestone.due_date > as_of or not f.task.covers_year(milestone.year):
            continue
        f.due += 1
        if status == "approved":
            f.approved += 1
            if submitted_at is not None and local_date(submitted_at) <= milestone.due_date:
                f.on_time += 1
    for (task_id, year), values in lights.items():
        facts[task_id].year_lights[year] = worst_light(values)
    for f in facts.values():
        f.suggested = suggest_verdict(f)
        f.verdict, f.reason = overrides.get(f.task.id, (f.suggested, None))
    return list(facts.values())


@dataclass
class Summary:
    on_time_by_year: dict[int, tuple[int, int]]  # year → (on time, due)
    by_verdict: dict[str, int]
    indicators_met: int
    indicators_total: int


def summarize(plan: Plan, as_of: date, facts: list[TaskFacts], attainments: list[str]) -> Summary:
    """On-time rate by year (milestones due by `as_of`), tasks by verdict, indicators met."""
    by_year: dict[int, list[int]] = {}
    rows = db.session.execute(
        select(Milestone.year, Milestone.due_date, Report.status, Report.submitted_at)
        .join(Task, Task.id == Milestone.task_id)
        .outerjoin(Report, Report.milestone_id == Milestone.id)
        .where(Task.plan_id == plan.id, Milestone.due_date <= as_of)
        .where(Milestone.year >= Task.start_year, Milestone.year <= Task.end_year)
    ).all()
    for year, due_date, status, submitted_at in rows:
        counts = by_year.setdefault(year, [0, 0])
        counts[1] += 1
        if status == "approved" and submitted_at is not None and local_date(submitted_at) <= due_date:
            counts[0] += 1
    verdicts = Counter(f.verdict for f in facts)
    return Summary(
        on_time_by_year={y: (c[0], c[1]) for y, c in sorted(by_year.items())},
        by_verdict={v: verdicts.get(v, 0) for v in VERDICTS},
        indicators_met=sum(1 for a in attainments if a == "已达标"),
        indicators_total=len(attainments),
    )
