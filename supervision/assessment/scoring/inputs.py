"""Collecting the facts behind a year's scores into plain data (JSON), the form in which they are frozen."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import date

from sqlalchemy import select

from supervision.accounts.models import User
from supervision.assessment.models import Adjustment, IndicatorResult, QualityRating
from supervision.assessment.scheme.constants import DEDUCTION_FACTS
from supervision.assessment.scoring.indicator_facts import indicator_facts
from supervision.assessment.scoring.scope import assessed_departments, indicator_label, tasks_of_year
from supervision.assessment.scoring.timeline import LateDays, earliest, first_events, local_day
from supervision.districts.units import district_units, is_collective
from supervision.evidence.models import Evidence
from supervision.extensions import db
from supervision.hooks import run_hooks
from supervision.milestones.lights import light_for
from supervision.milestones.models import Milestone
from supervision.reports.models import Contribution, Report
from supervision.reviews.models import Review
from supervision.tasks.models import Task


def digest(value) -> str:
    """SHA-256 of the canonical JSON of `value`."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _report_facts(report, first: dict, returns: dict, late: LateDays, due: date) -> dict | None:
    if report is None:
        return None
    first_submitted = earliest(first.get(report.id), local_day(report.submitted_at))
    approved = local_day(report.approved_at) if report.status == "approved" else None
    last_submitted = local_day(report.submitted_at)
    return {
        "id": report.id,
        "status": report.status,
        "first_submitted": first_submitted,
        "last_submitted": last_submitted,
        "approved": approved,
        "approved_late_days": late.days(due, last_submitted) if approved and approved <= late.as_of.isoformat() else 0,
        "returns": returns.get(report.id, []),
    }


def collect_data(year: int, as_of: date, kinds: list[str]) -> dict:
    """Departments, tasks, milestones with their report, contributions and evidence, as of `as_of`.

    Every list is in a fixed order: the digest of the result must not depend on the database's row order."""
    departments = assessed_departments(kinds)
    district_ids = answering_districts()
    tasks = tasks_of_year(year)
    milestones = db.session.scalars(
        select(Milestone)
        .where(Milestone.year == year, Milestone.task_id.in_(_year_task_ids(year)))
        .order_by(Milestone.due_date, Milestone.id)
    ).all()
    # The year's milestone and report ids as subqueries: tens of thousands of ids as bound parameters cost more
    # to send and plan than the rows themselves.
    ids = select(Milestone.id).where(Milestone.year == year, Milestone.task_id.in_(_year_task_ids(year)))
    # Plain rows (no ORM objects with their eager joins) for the large tables; grouped by milestone in one pass.
    reports = {
        r.milestone_id: r
        for r in db.session.execute(
            select(Report.id, Report.milestone_id, Report.status, Report.submitted_at, Report.approved_at).where(
                Report.milestone_id.in_(ids)
            )
        )
    }
    report_ids = select(Report.id).where(Report.milestone_id.in_(ids))
    returns: dict[int, list] = {}
    for review in db.session.execute(
        select(Review.id, Review.report_id, Review.created_at, Review.comment)
        .where(Review.report_id.in_(report_ids), Review.stage == "office", Review.outcome == "returned")
        .order_by(Review.id)
    ):
        returns.setdefault(review.report_id, []).append(
            {"id": review.id, "day": local_day(review.created_at), "comment": review.comment}
        )
    first_reports = first_events("report.submit", "report", report_ids) if reports else {}
    contributions = db.session.execute(
        select(
            Contribution.id,
            Contribution.milestone_id,
            Contribution.department_id,
            Contribution.status,
            Contribution.submitted_at,
        )
        .where(Contribution.milestone_id.in_(ids))
        .order_by(Contribution.id)
    ).all()
    first_contributions = (
        first_events(
            "contribution.save", "contribution", select(Contribution.id).where(Contribution.milestone_id.in_(ids)), True
        )
        if contributions
        else {}
    )
    contributions_of: dict[int, list[dict]] = defaultdict(list)
    for c in contributions:
        contributions_of[c.milestone_id].append(
            {
                "id": c.id,
                "department_id": c.department_id,
                "first_submitted": earliest(first_contributions.get(c.id), local_day(c.submitted_at))
                if c.status == "submitted"
                else None,
            }
        )
    evidence_of: dict[int, list[dict]] = defaultdict(list)
    for e in db.session.execute(
        select(
            Evidence.id,
            Evidence.milestone_id,
            Evidence.department_id,
            Evidence.filename,
            Evidence.sha256,
            Evidence.verdict,
        )
        .where(Evidence.milestone_id.in_(ids), Evidence.withdrawn_at.is_(None))
        .order_by(Evidence.id)
    ):
        evidence_of[e.milestone_id].append(
            {
                "id": e.id,
                "department_id": e.department_id,
                "filename": e.filename,
                "sha256": e.sha256,
                "verdict": e.verdict,
            }
        )
    late = LateDays(as_of)
    calendar = late.calendar
    rows = []
    for m in milestones:
        report = reports.get(m.id)
        status = report.status if report else None
        facts = _report_facts(report, first_reports, returns, late, m.due_date)
        approved_by = facts and facts["approved"] and facts["approved"] <= as_of.isoformat()
        light = light_for(
            m, "approved" if approved_by else (status if status != "approved" else "pending_review"), as_of, calendar
        )
        rows.append(
            {
                "id": m.id,
                "task_id": m.task_id,
                "key": m.key,
                "title": m.title,
                "due": m.due_date.isoformat(),
                "light": light,
                "first_late_days": late.days(m.due_date, facts and facts["first_submitted"]),
                "report": facts,
                "contributions": contributions_of.get(m.id, []),
                "evidence": evidence_of.get(m.id, []),
            }
        )
    return {
        "departments": [{"id": d.id, "name": d.name, "kind": d.kind} for d in departments],
        "tasks": [_task_facts(t, district_ids) for t in tasks],
        "milestones": rows,
        "facts": deduction_facts(year, as_of),
        "indicators": indicator_facts(year, as_of),
    }


def _year_task_ids(year: int):
    """The ids of `tasks_of_year(year)`, as a statement."""
    return select(Task.id).where(Task.active, Task.start_year <= year, Task.end_year >= year)


def answering_districts() -> list[int]:
    """The district units 各区、县(市)政府 on a task stands for in the assessment: those with an active account.

    A district without an account cannot answer the collective's milestones, so it is not scored on them."""
    ids = [d.id for d in district_units()]
    return sorted(set(db.session.scalars(select(User.department_id).where(User.active, User.department_id.in_(ids)))))


def deduction_facts(year: int, as_of: date) -> list[dict]:
    """Deduction events other domains report (notices, interviews, overdue rectifications), in a fixed order."""
    facts: list[dict] = []
    run_hooks(DEDUCTION_FACTS, year, as_of, facts)
    return sorted(facts, key=lambda f: (f["item"], f["department_id"], f["ref"]))


def _task_facts(task: Task, district_ids: list[int]) -> dict:
    formal = [td for td in task.departments if not td.is_demo]  # demo assignments are not a formal 交办

    def units(role: str) -> list[int]:
        """The role's department ids, the collective 各区、县(市)政府 replaced by every district unit."""
        ids = set()
        for td in formal:
            if td.role == role:
                ids.update(district_ids if is_collective(td.department) else [td.department_id])
        return sorted(ids)

    return {
        "id": task.id,
        "label": f"{task.plan.title} · {task.kind_label} {task.number}",
        "name": task.name,
        "lead": units("lead"),
        "cooperating": units("cooperating"),
    }


def quality_ratings(year: int) -> list[QualityRating]:
    return list(db.session.scalars(select(QualityRating).where(QualityRating.year == year)))


def indicator_results(year: int) -> list[IndicatorResult]:
    return list(
        db.session.scalars(select(IndicatorResult).where(IndicatorResult.year == year).order_by(IndicatorResult.id))
    )


def adjustment_lines(year: int) -> list[Adjustment]:
    return list(db.session.scalars(select(Adjustment).where(Adjustment.year == year).order_by(Adjustment.id)))


def collect_manual(year: int) -> dict:
    """The office's inputs: quality ratings, indicator overrides (the note is the reason), bonus/deduction/grade-cap
    lines."""
    ratings, results, lines = quality_ratings(year), indicator_results(year), adjustment_lines(year)
    return {
        "quality": {str(r.task_id): {"grade": r.grade, "note": r.note} for r in ratings},
        "indicators": [
            {
                "id": r.id,
                "department_id": r.department_id,
                "indicator_id": r.indicator_id,
                "name": indicator_label(r.indicator),
                "target": r.indicator.target or "",
                "outcome": r.outcome,
                "value": r.value,
                "note": r.note,
            }
            for r in results
        ],
        "adjustments": [
            {
                "id": a.id,
                "department_id": a.department_id,
                "kind": a.kind,
                "item": a.item,
                "level": a.level,
                "count": a.count,
                "reason": a.reason,
                "document": a.document,
            }
            for a in lines
        ],
    }
