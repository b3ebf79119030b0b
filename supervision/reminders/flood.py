"""Flood control: the 督办通知单 of a day beyond the policy's limit, and those of units without an active
liaison, wait for the office; one summary tells it, and it issues them per department or all at once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from supervision.accounts.models import Department, User, UserRole
from supervision.audit.services import record_event
from supervision.calendar.store import work_calendar
from supervision.db import utcnow
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.reminders.dispatch import Queued, queue_letters, take_lock
from supervision.reminders.items import Item, open_items
from supervision.reminders.letters import SUBJECT_PREFIX, Letter, Line, Section, cn_day, site_path
from supervision.reminders.models import HeldNotice, ReminderPolicy, SupervisionNotice
from supervision.reminders.notices import Escalation, audit_notices, create_notices, issued_keys
from supervision.reminders.recipients import Recipients


@dataclass
class HeldGroup:
    """The waiting notices of one department, as the office's decision page shows them."""

    department: Department
    held: list[HeldNotice]
    has_liaison: bool


def escalate(
    items: list[Item], today: date, policy: ReminderPolicy, people: Recipients
) -> tuple[list[SupervisionNotice], list[HeldNotice]]:
    """Issue the day's new escalations up to the limit (most overdue first); hold the rest and those of units
    without an active liaison. Items already issued or waiting are left alone."""
    escalated = [item for item in items if item.overdue >= policy.escalate_after]
    if not escalated:
        return [], []
    held_rows = {(h.milestone_id, h.department_id): h for h in db.session.scalars(select(HeldNotice))}
    waiting = {key for key, h in held_rows.items() if h.decided_at is None}
    done = issued_keys() | waiting
    fresh = [i for i in escalated if (i.milestone.id, i.department.id) not in done]
    issued_today = db.session.scalar(
        select(func.count()).select_from(SupervisionNotice).where(SupervisionNotice.issued_on == today)
    )
    room = max(0, policy.notice_limit - issued_today)
    addressed = [i for i in fresh if people.liaisons[i.department.id]]
    orphans = [i for i in fresh if not people.liaisons[i.department.id]]
    now = sorted(addressed, key=lambda i: -i.overdue)[:room]
    chosen = {(i.milestone.id, i.department.id) for i in now}
    later = [i for i in addressed if (i.milestone.id, i.department.id) not in chosen] + orphans
    notices = create_notices([Escalation(i.milestone, i.department, i.role, i.overdue) for i in now], today)
    return notices, _hold(later, today, held_rows)


def _hold(items: list[Item], today: date, held_rows: dict) -> list[HeldNotice]:
    held = []
    for item in items:
        row = held_rows.get((item.milestone.id, item.department.id))
        if row is None:  # a row closed earlier (the item was done, then reopened) waits again
            row = HeldNotice(milestone=item.milestone, department=item.department)
            db.session.add(row)
        row.role, row.due_date, row.held_on = item.role, item.milestone.due_date, today
        row.notice_id, row.decided_at, row.decided_by_id = None, None, None
        held.append(row)
    db.session.flush()
    return held


def waiting_groups(people: Recipients | LiaisonPresence) -> list[HeldGroup]:
    """Waiting notices by department: units with a liaison first, most notices first."""
    grouped: dict[int, list[HeldNotice]] = defaultdict(list)
    statement = select(HeldNotice).where(HeldNotice.decided_at.is_(None))
    for row in db.session.scalars(statement.order_by(HeldNotice.due_date, HeldNotice.id)):
        grouped[row.department_id].append(row)
    groups = [HeldGroup(rows[0].department, rows, bool(people.liaisons[d])) for d, rows in grouped.items()]
    return sorted(groups, key=lambda g: (not g.has_liaison, -len(g.held), g.department.name))


class LiaisonPresence:
    """Which departments have an active liaison, in one grouped query: all the decision page needs
    (Recipients loads every user with its roles, one statement per 500 users)."""

    def __init__(self) -> None:
        statement = (
            select(User.department_id)
            .join(UserRole, UserRole.user_id == User.id)
            .where(User.active, UserRole.role == "liaison")
            .distinct()
        )
        self.liaisons: dict[int, bool] = defaultdict(bool, {d: True for d in db.session.scalars(statement)})


def summary_letters(today: date, people: Recipients) -> list[Letter]:
    """One summary for each office user of what waits for its confirmation."""
    groups = waiting_groups(people)
    if not groups:
        return []
    path = site_path("reminders.held")
    waiting = [Line(f"{g.department.name}：{len(g.held)} 份", path) for g in groups if g.has_liaison]
    orphans = [Line(f"{g.department.name}：{len(g.held)} 份（无联络员）", path) for g in groups if not g.has_liaison]
    total = sum(len(g.held) for g in groups)
    sections = [Section("待办公室确认后发出", waiting), Section("无联络员，暂不发出（请先设置联络员）", orphans)]
    subject = f"{SUBJECT_PREFIX}督办通知单待确认（{cn_day(today)}）：{total} 份，涉及 {len(groups)} 个单位"
    intro = (
        f"截至{cn_day(today)}，以下督办通知单超出每日自动发出的上限或所在单位没有联络员，尚未发出。"
        "请在“待确认的督办通知单”页面按单位或全部确认。"
    )
    return [Letter(user, "notice_hold", subject, intro, sections) for user in people.office]


def approve_held(department_id: int | None, *, actor: User, today: date) -> list[SupervisionNotice]:
    """The office issues the waiting notices of one department (or of every unit with a liaison)."""
    take_lock("reminders")  # the daily run and a decision never interleave: nothing is issued twice
    people = Recipients()
    statement = select(HeldNotice).where(HeldNotice.decided_at.is_(None))
    if department_id is not None:
        if db.session.get(Department, department_id) is None:
            raise DomainError("所选单位不存在，请从列表中选择。")
        statement = statement.where(HeldNotice.department_id == department_id)
    rows = list(db.session.scalars(statement.order_by(HeldNotice.due_date, HeldNotice.id)))
    if not rows:
        raise DomainError("该单位没有待确认的督办通知单（可能已由他人确认）。")
    if department_id is not None and not people.liaisons[department_id]:
        raise DomainError("该单位没有启用的联络员，暂不发出督办通知单。请先为该单位设置联络员。")
    rows = [row for row in rows if people.liaisons[row.department_id]]
    if not rows:
        raise DomainError("待确认的督办通知单所在单位均没有联络员，暂不发出。请先设置联络员。")
    current = {
        (i.milestone.id, i.department.id): i
        for i in open_items(today, work_calendar(assume_weekdays_after_official=True), horizon=0)  # held: overdue
    }
    escalations = [
        Escalation(r.milestone, r.department, r.role, current[key].overdue)
        for r in rows
        if (key := (r.milestone_id, r.department_id)) in current
    ]
    notices = create_notices(escalations, today)
    by_key = {(n.milestone_id, n.department_id): n for n in notices}
    for row in rows:  # an item done meanwhile is closed without a notice
        notice = by_key.get((row.milestone_id, row.department_id))
        row.notice_id, row.decided_at, row.decided_by_id = notice.id if notice else None, utcnow(), actor.id
    queue_letters(_notice_letters(notices, current, today, people), today, Queued())
    audit_notices(notices)
    record_event(
        "notice.approve",
        object_type="department" if department_id else "day",
        object_id=department_id or today.isoformat(),
        after={"notices": [n.code for n in notices], "closed": len(rows) - len(notices)},
        user=actor,
    )
    return notices


def _notice_letters(notices, current, today: date, people: Recipients) -> list[Letter]:
    """The department heads are told of the notices the office has just issued to their unit."""
    lines: dict[int, list[Line]] = defaultdict(list)
    users: dict[int, User] = {}
    for notice in notices:
        item = current[(notice.milestone_id, notice.department_id)]
        line = Line(
            f"{notice.code}　{notice.department.name}：{item.describe()}",
            site_path("reminders.notice_pdf", notice_id=notice.id),
        )
        for user in people.heads[notice.department_id]:
            users[user.id] = user
            lines[user.id].append(line)
    return [
        Letter(
            users[user_id],
            "notice_issue",
            f"{SUBJECT_PREFIX}督办通知单（{cn_day(today)}）：{len(user_lines)} 份",
            f"领导小组办公室于{cn_day(today)}向您所在单位发出以下督办通知单，请督促及时办理。",
            [Section("督办通知单", user_lines)],
        )
        for user_id, user_lines in lines.items()
    ]
