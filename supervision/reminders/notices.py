"""督办通知单: issued once when an item stays overdue too long; numbered per year; printable as PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select

from supervision.accounts.models import Department
from supervision.audit.services import record_event
from supervision.config import ROOT
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.pdf import render_pdf
from supervision.reminders.items import ROLE_ACTIONS, Item
from supervision.reminders.models import ReminderPolicy, SupervisionNotice

# Working days the department has to catch up after receiving a notice (printed on it).
RESPONSE_WORKING_DAYS = 3


@dataclass(frozen=True)
class Escalation:
    """What a notice is issued for: an item of a department, overdue by some working days."""

    milestone: Milestone
    department: Department
    role: str
    overdue: int


def issued_keys() -> set[tuple[int, int]]:
    """(milestone, department) of every notice issued so far."""
    return {
        tuple(row)
        for row in db.session.execute(select(SupervisionNotice.milestone_id, SupervisionNotice.department_id))
    }


def create_notices(escalations: list[Escalation], today: date) -> list[SupervisionNotice]:
    """Number and add a notice for each escalation that has none yet (numbers run on within the year)."""
    if not escalations:
        return []
    existing = issued_keys()
    number = db.session.scalar(
        select(func.coalesce(func.max(SupervisionNotice.number), 0)).where(SupervisionNotice.year == today.year)
    )
    issued = []
    for item in escalations:
        if (item.milestone.id, item.department.id) in existing:
            continue
        number += 1
        notice = SupervisionNotice(
            year=today.year,
            number=number,
            milestone=item.milestone,
            department=item.department,
            role=item.role,
            due_date=item.milestone.due_date,
            overdue_days=item.overdue,
            issued_on=today,
        )
        db.session.add(notice)
        existing.add((item.milestone.id, item.department.id))
        issued.append(notice)
    db.session.flush()
    return issued


def issue_notices(items: list[Item], today: date, policy: ReminderPolicy) -> list[SupervisionNotice]:
    """A notice for every item overdue by `escalate_after` working days or more that has none yet."""
    escalated = [item for item in items if item.overdue >= policy.escalate_after]
    return create_notices([Escalation(i.milestone, i.department, i.role, i.overdue) for i in escalated], today)


def audit_notices(notices: list[SupervisionNotice]) -> None:
    for notice in notices:
        record_event(
            "notice.issue",
            object_type="supervision_notice",
            object_id=notice.id,
            after={"code": notice.code, "milestone": notice.milestone_id, "department": notice.department.name},
        )


def reads_every_notice(user) -> bool:
    return user.has_role("office", "leader")


def may_read_notice(user, notice: SupervisionNotice) -> bool:
    """The office and leaders read every notice; a department reads its own."""
    if reads_every_notice(user):
        return True
    return user.has_role("liaison", "dept_head") and user.department_id == notice.department_id


def readable_notices(user) -> Select:
    """The notices `user` may read, newest first: all of them for the office and leaders, else the department's."""
    statement = select(SupervisionNotice).order_by(SupervisionNotice.issued_on.desc(), SupervisionNotice.id.desc())
    if not reads_every_notice(user):
        statement = statement.where(SupervisionNotice.department_id == user.department_id)
    return statement


def render_notice(notice: SupervisionNotice) -> bytes:
    """The printable notice as PDF bytes."""
    # The stylesheet is inlined: the notice then needs no resource fetched while rendering.
    return render_pdf(
        "pdf/notice.html",
        stylesheet=(ROOT / "static" / "pdf" / "notice.css").read_text(encoding="utf-8"),
        notice=notice,
        task=notice.milestone.task,
        action=ROLE_ACTIONS[notice.role],
        response_days=RESPONSE_WORKING_DAYS,
    )
