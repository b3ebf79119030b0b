"""Results across years (任期目标责任制考核): per year the assessment's score, grade and rank, the on-time rate
of due milestones and the year-end lights, for a department (its lead tasks) or a task and its predecessors.
Query-bounded: one query per kind (assessments, milestones, quality ratings), never one per year."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from supervision.assessment.access import can_see_result
from supervision.assessment.models import Assessment, AssessmentRound, QualityRating
from supervision.calendar.store import work_calendar
from supervision.clock import local_date
from supervision.extensions import db
from supervision.milestones.lights import LIGHT_LABELS, light_for, worst_light
from supervision.milestones.models import Milestone
from supervision.reports.models import Report
from supervision.tasks.models import Task, TaskDepartment

LIGHT_COLUMNS = ("done", "green", "yellow", "red", "closed", "grey")  # done_late is counted as done


@dataclass
class YearRecord:
    year: int
    total: float | None = None
    grade: str | None = None
    rank: int | None = None
    rank_of: int | None = None
    quality: str | None = None  # the office's rating of a task's work (A/B/C/D)
    due: int = 0
    on_time: int = 0
    lights: Counter = field(default_factory=Counter)  # year-end light → tasks

    @property
    def on_time_rate(self) -> str:
        return f"{self.on_time / self.due:.0%}" if self.due else "—"

    @property
    def rank_text(self) -> str:
        return f"{self.rank}/{self.rank_of}" if self.rank and self.rank_of else "—"

    @property
    def light(self) -> str:
        """The worst year-end light (one task's light)."""
        return worst_light(list(self.lights.elements()))

    @property
    def lights_text(self) -> str:
        return "、".join(f"{LIGHT_LABELS[k]} {self.lights[k]}" for k in LIGHT_COLUMNS if self.lights[k]) or "—"


def _milestone_years(task_filter, as_of: date, records: dict[int, dict[int, YearRecord]], key) -> None:
    """Fill due, on-time and year-end lights from one query of the milestones selected by `task_filter`."""
    rows = db.session.execute(
        select(Milestone, Report.status, Report.submitted_at)
        .join(Task, Task.id == Milestone.task_id)
        .outerjoin(Report, Report.milestone_id == Milestone.id)
        .where(task_filter, Milestone.year <= as_of.year)
        .options(contains_eager(Milestone.task))
        .order_by(Milestone.year, Milestone.id)
    ).all()
    calendar = work_calendar(assume_weekdays_after_official=True)
    lights: dict[tuple, list[str]] = defaultdict(list)
    for milestone, status, submitted_at in rows:
        owner = key(milestone)
        record = records[owner].setdefault(milestone.year, YearRecord(milestone.year))
        lights[(owner, milestone.year, milestone.task_id)].append(
            light_for(milestone, status, min(date(milestone.year, 12, 31), as_of), calendar)
        )
        if milestone.due_date > as_of or not milestone.task.covers_year(milestone.year):
            continue
        record.due += 1
        if status == "approved" and submitted_at is not None and local_date(submitted_at) <= milestone.due_date:
            record.on_time += 1
    for (owner, year, _task_id), values in lights.items():
        light = worst_light(values)
        records[owner][year].lights["done" if light == "done_late" else light] += 1


def _assessments(department_ids: list[int], user) -> dict[int, dict[int, Assessment]]:
    """The visible assessments of the departments by department and year (one query)."""
    rows = db.session.execute(
        select(Assessment, AssessmentRound)
        .outerjoin(AssessmentRound, AssessmentRound.year == Assessment.year)
        .where(Assessment.department_id.in_(department_ids))
    ).all()
    found: dict[int, dict[int, Assessment]] = defaultdict(dict)
    for assessment, round_ in rows:
        if can_see_result(user, assessment.department_id, round_):
            found[assessment.department_id][assessment.year] = assessment
    return found


def _with_scores(record: YearRecord, assessment: Assessment | None) -> None:
    if assessment is not None:
        record.total, record.grade = assessment.total, assessment.grade
        record.rank, record.rank_of = assessment.rank, assessment.rank_of


def department_record(department, user, as_of: date) -> list[YearRecord]:
    """Every year of the department: its assessment and its lead tasks' on-time rate and year-end lights."""
    records: dict[int, dict[int, YearRecord]] = defaultdict(dict)
    lead = select(TaskDepartment.task_id).where(
        TaskDepartment.department_id == department.id, TaskDepartment.role == "lead"
    )
    _milestone_years(Task.id.in_(lead), as_of, records, lambda m: department.id)
    scores = _assessments([department.id], user).get(department.id, {})
    years = records[department.id]
    for year, assessment in scores.items():
        _with_scores(years.setdefault(year, YearRecord(year)), assessment)
    return [years[y] for y in sorted(years)]


def task_records(task: Task, predecessors: list[Task], user, as_of: date) -> list[tuple[Task, list[YearRecord]]]:
    """Every year of the task and of each predecessor: on-time rate, year-end light, the office's quality rating
    and the (first) lead department's assessment that year."""
    tasks = [task, *predecessors]
    ids = [t.id for t in tasks]
    records: dict[int, dict[int, YearRecord]] = defaultdict(dict)
    _milestone_years(Task.id.in_(ids), as_of, records, lambda m: m.task_id)
    ratings = db.session.execute(
        select(QualityRating.task_id, QualityRating.year, QualityRating.grade).where(QualityRating.task_id.in_(ids))
    ).all()
    for task_id, year, grade in ratings:
        records[task_id].setdefault(year, YearRecord(year)).quality = grade
    leads = {t.id: [d.id for d in t.departments_in("lead")] for t in tasks}
    scores = _assessments(sorted({d for ds in leads.values() for d in ds}), user)
    result = []
    for t in tasks:
        years = records[t.id]
        for year, record in years.items():
            if leads[t.id]:  # the first lead department's result (the one the document names first)
                _with_scores(record, scores.get(leads[t.id][0], {}).get(year))
        result.append((t, [years[y] for y in sorted(years)]))
    return result
