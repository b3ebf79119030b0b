"""催办 by hand: the office picks open items or a unit, previews who gets what, and sends it now through the
outbox (once per recipient and day, the outbox's key rule)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from supervision.accounts.models import Department, User
from supervision.audit.services import record_event
from supervision.calendar.store import work_calendar
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.reminders.delivery.webhook import webhook_url
from supervision.reminders.dispatch import Queued, queue_letters
from supervision.reminders.history import record_reminders
from supervision.reminders.items import Item, open_items
from supervision.reminders.letters import SUBJECT_PREFIX, Letter, Line, Section, cn_day, render_email
from supervision.reminders.models import Notification
from supervision.reminders.recipients import Recipients
from supervision.validation import parse_id

KIND = "manual_reminder"
LIST_HORIZON = 10  # the selection page lists items overdue or due within this many working days


@dataclass
class Planned:
    """One recipient of a manual reminder: the letter, the channels it goes by, its text."""

    user: User
    letter: Letter
    items: list[Item]
    channels: list[str]
    text: str
    already: bool  # an office reminder reached this user today: not sent again (one a day)


@dataclass
class ManualPlan:
    items: list[Item]
    recipients: list[Planned] = field(default_factory=list)
    unaddressed: list[str] = field(default_factory=list)  # units without an active liaison

    @property
    def sendable(self) -> list[Planned]:
        return [p for p in self.recipients if not p.already]


def listed_items(today: date, department_id: int | None = None) -> list[Item]:
    """The open items the office may remind of: overdue or due soon, by due date."""
    items = open_items(today, work_calendar(assume_weekdays_after_official=True), horizon=LIST_HORIZON)
    items = [i for i in items if i.remaining <= LIST_HORIZON]  # also when the calendar cannot bound the query
    if department_id is not None:
        items = [i for i in items if i.department.id == department_id]
    return items


def parse_selection(values: list[str], department: str | None) -> tuple[set[tuple[int, int]], int | None]:
    """The form's 'milestone:department' values and the unit picked; bad values are refused in Chinese."""
    keys = set()
    for value in values:
        milestone_id, _, department_id = (value or "").partition(":")
        pair = (parse_id(milestone_id), parse_id(department_id))
        if None in pair:
            raise DomainError("所选事项无效，请返回列表重新选择。")
        keys.add(pair)
    unit = None
    if department:
        unit = parse_id(department)
        if unit is None or db.session.get(Department, unit) is None:
            raise DomainError("所选单位不存在，请从列表中选择。")
    if not keys and unit is None:
        raise DomainError("请至少勾选一个事项，或选择一个单位。")
    return keys, unit


def selected_items(today: date, keys: set[tuple[int, int]], unit: int | None) -> list[Item]:
    """The open items picked (one by one, or a unit's items of the list: overdue or due within LIST_HORIZON
    working days); refuses a choice with nothing left to remind of."""
    items = open_items(today, work_calendar(assume_weekdays_after_official=True), horizon=LIST_HORIZON)
    chosen = [i for i in items if (i.milestone.id, i.department.id) in keys or i.department.id == unit]
    if not chosen:
        raise DomainError("所选事项均已报送或不在督办范围内，没有需要催办的事项。")
    return chosen


def plan_manual(items: list[Item], today: date) -> ManualPlan:
    """Who would get what: one letter per active liaison of each unit, listing that unit's items."""
    people, plan = Recipients(), ManualPlan(items)
    by_unit: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        by_unit[item.department.id].append(item)
    reached = set(
        db.session.scalars(select(Notification.user_id).where(Notification.kind == KIND, Notification.day == today))
    )
    hook = webhook_url()
    for unit_items in by_unit.values():
        liaisons = people.liaisons[unit_items[0].department.id]
        if not liaisons:
            plan.unaddressed.append(unit_items[0].department.name)
        for user in liaisons:
            letter = Letter(
                user,
                KIND,
                f"{SUBJECT_PREFIX}办公室催办（{cn_day(today)}）：{len(unit_items)} 项事项请尽快处理",
                f"领导小组办公室于{cn_day(today)}提醒：以下事项请您所在单位尽快处理。",
                [Section("办公室催办事项", [Line(i.describe(), i.path) for i in unit_items])],
            )
            channels = ["站内通知"] + ([f"电子邮件 {user.email}"] if user.email else [])
            channels += ["Webhook"] if hook else []
            text = render_email(letter, today)[0]
            plan.recipients.append(Planned(user, letter, unit_items, channels, text, user.id in reached))
    return plan


def send_manual(items: list[Item], today: date, *, actor: User) -> ManualPlan:
    """Queue the office's reminder now (the sender delivers it within a minute); audited."""
    plan = plan_manual(items, today)
    sendable = plan.sendable
    if not sendable:
        raise DomainError("所选事项的联络员今日已收到办公室催办，或所在单位没有启用的联络员，没有可发送的催办。")
    queued = Queued()
    queue_letters([p.letter for p in sendable], today, queued)
    reminded: dict[tuple[int, int], tuple[Item, list[User]]] = {}
    for planned in sendable:
        for item in planned.items:
            reminded.setdefault((item.milestone.id, item.department.id), (item, []))[1].append(planned.user)
    record_reminders(list(reminded.values()), KIND, today, sent_by=actor)
    record_event(
        "reminders.manual",
        object_type="day",
        object_id=today.isoformat(),
        after={
            "items": len(reminded),
            "recipients": [f"{p.user.display_name}（{p.user.department.name}）" for p in sendable],
            "skipped": [p.user.display_name for p in plan.recipients if p.already],
            "no_liaison": plan.unaddressed,
        },
        user=actor,
    )
    return plan
