"""Telling a decision to the department concerned: an outcome row per user and the day's in-app notice.

The subscribers run inside the decision's transaction (through supervision.hooks), so a notice exists
exactly when its decision was committed; the e-mail of the day is written later by `mail.py`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select, text

from supervision.accounts.models import User
from supervision.assessment.models import Assessment, AssessmentRound
from supervision.clock import today
from supervision.evidence.models import Evidence
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.outcomes.models import NOTIFICATION_KIND, OUTCOME_LABELS, OutcomeNotice
from supervision.outcomes.recipients import staff_of, with_user
from supervision.permissions import task_role
from supervision.reminders.letters import site_path
from supervision.reminders.models import Notification
from supervision.reports.models import Report
from supervision.reviews.models import Review

NOTICE_LOCK = 7243020  # PostgreSQL advisory lock: one writer of a day's notifications at a time
SUBJECT = "审核结果通知"
TODAY = "今日审核结果"


def milestone_label(milestone: Milestone) -> str:
    task = milestone.task
    return f"{task.kind_label}{task.number}「{task.name}」{milestone.title}"


def describe_review(report: Report, review: Review) -> tuple[str, str]:
    """The outcome kind and the sentence the unit reads, with the reviewer's comment."""
    who = "办公室" if review.stage == "office" else f"部门负责人{review.reviewer.display_name}"
    comment = (review.comment or "").strip()
    if review.outcome == "returned":
        sentence = f"{who}退回，退回意见：{comment}"
    else:
        sentence = f"{who}审核通过" + ("，已报送办公室审核" if review.stage == "dept_head" else "")
        sentence += f"，审核意见：{comment}" if comment else ""
    prefix = "report" if review.stage == "office" else "head"
    return f"{prefix}_{review.outcome}", f"{milestone_label(report.milestone)}：{sentence}"


def notify_review(report: Report, review: Review) -> None:
    """通过 / 退回 by the office or the department head reach the lead department's liaisons and the submitter."""
    task = report.milestone.task
    submitter = report.updated_by
    departments = {d.id for d in task.lead_departments}
    if submitter is not None and task_role(submitter, task) == "lead":
        departments.add(submitter.department_id)
    users = with_user(staff_of(departments), submitter, departments)
    kind, sentence = describe_review(report, review)
    record_outcomes(users, kind, sentence, site_path("work.milestone_detail", milestone_id=report.milestone_id))


def notify_verdict(evidence: Evidence) -> None:
    """采信 / 不采信 of a file reach the liaisons of the unit that uploaded it."""
    if evidence.verdict == "accepted":
        kind, sentence = "evidence_accepted", "办公室采信"
    else:
        kind, sentence = "evidence_rejected", f"办公室不采信，理由：{evidence.verdict_reason or ''}"
    label = f"{milestone_label(evidence.milestone)}的佐证材料「{evidence.filename}」：{sentence}"
    departments = {evidence.department_id}
    users = with_user(staff_of(departments), evidence.uploader, departments)
    record_outcomes(users, kind, label, site_path("work.milestone_detail", milestone_id=evidence.milestone_id))


def notify_publication(year: int, round_: AssessmentRound) -> None:
    """The published results reach the liaisons and heads of every assessed department, each its own page."""
    departments = db.session.scalars(select(Assessment.department_id).where(Assessment.year == year)).all()
    by_department: dict[int, list[User]] = defaultdict(list)
    for user in staff_of(departments, roles=("liaison", "dept_head")):
        by_department[user.department_id].append(user)
    sentence = f"{year}年度健康杭州建设考核结果已发布，请查看本单位的得分、排名和评分表"
    day = today()
    for department_id, users in by_department.items():
        path = site_path("assessment.department", year=year, department_id=department_id)
        _add(users, "assessment_published", sentence, path, day)
    refresh_notifications([u.id for group in by_department.values() for u in group], day)


def record_outcomes(users: list[User], kind: str, sentence: str, path: str) -> None:
    """One outcome row per user, shown in the user's notice of the day at once (unread again)."""
    day = today()
    _add(users, kind, sentence, path, day)
    refresh_notifications([u.id for u in users], day)


def _add(users: list[User], kind: str, sentence: str, path: str, day: date) -> None:
    for user in users:
        db.session.add(
            OutcomeNotice(
                user_id=user.id, department_id=user.department_id, kind=kind, day=day, text=sentence, path=path
            )
        )
    db.session.flush()


def grouped(outcomes: list[OutcomeNotice]) -> list[tuple[str, list[OutcomeNotice]]]:
    """The outcomes by kind, as (label, outcomes), returns first."""
    groups: dict[str, list[OutcomeNotice]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.kind].append(outcome)
    return [(label, groups[kind]) for kind, label in OUTCOME_LABELS.items() if groups.get(kind)]


def sections_of(outcomes: list[OutcomeNotice]) -> list[dict]:
    """The notice's sections (the notification's JSON shape)."""
    return [
        {"title": label, "lines": [{"text": o.text, "path": o.path} for o in group]}
        for label, group in grouped(outcomes)
    ]


def subject_of(outcomes: list[OutcomeNotice]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for outcome in outcomes:
        counts[outcome.kind] += 1
    parts = [f"{label} {counts[kind]} 项" for kind, label in OUTCOME_LABELS.items() if counts.get(kind)]
    return f"{TODAY}：{'，'.join(parts)}"[:200]


def refresh_notifications(user_ids: list[int], day: date) -> None:
    """Rewrite each user's outcome notice of `day` from that day's outcome rows, marked unread."""
    if not user_ids:
        return
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": NOTICE_LOCK})
    ids = sorted(set(user_ids))
    outcomes: dict[int, list[OutcomeNotice]] = defaultdict(list)
    rows = db.session.scalars(
        select(OutcomeNotice).where(OutcomeNotice.user_id.in_(ids), OutcomeNotice.day == day).order_by(OutcomeNotice.id)
    )
    for outcome in rows:
        outcomes[outcome.user_id].append(outcome)
    existing = {
        n.user_id: n
        for n in db.session.scalars(
            select(Notification).where(
                Notification.user_id.in_(ids), Notification.kind == NOTIFICATION_KIND, Notification.day == day
            )
        )
    }
    for user_id in ids:
        notification = existing.get(user_id)
        if notification is None:
            notification = Notification(user_id=user_id, kind=NOTIFICATION_KIND, day=day)
            db.session.add(notification)
        notification.subject = subject_of(outcomes[user_id])
        notification.sections = sections_of(outcomes[user_id])
        notification.read_at = None
    db.session.flush()
