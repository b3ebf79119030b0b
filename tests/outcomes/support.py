"""A small world for the outcome tests: a task of 市卫生健康委 with 市司法局 cooperating, and their users."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from supervision.accounts.models import User
from supervision.clock import now
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.outcomes.jobs import mail_outcomes_of_day
from supervision.reminders.models import Notification, OutboxMessage
from supervision.reminders.outbox import drain_outbox
from tests.builders import make_department, make_milestone, make_report, make_task, make_user


@dataclass
class World:
    liaison: User
    other_liaison: User  # 市卫生健康委, no e-mail
    head: User
    coop: User  # 市司法局, cooperating on the task
    stranger: User  # 市教育局, not on the task
    office: User
    q1: Milestone
    q2: Milestone


def build_world(requires_head_approval: bool = False) -> World:
    make_department("市卫生健康委", requires_head_approval=requires_head_approval)
    make_department("市司法局")
    make_department("市教育局")
    world = World(
        liaison=make_user("wang", ("liaison",), "市卫生健康委", email="wang@example.gov.cn", display_name="王联络"),
        other_liaison=make_user("li", ("liaison",), "市卫生健康委", display_name="李联络"),
        head=make_user("zhao", ("dept_head",), "市卫生健康委", email="zhao@example.gov.cn", display_name="赵主任"),
        coop=make_user("sun", ("liaison",), "市司法局", email="sun@example.gov.cn"),
        stranger=make_user("qian", ("liaison",), "市教育局", email="qian@example.gov.cn"),
        office=make_user("office1", ("office",), "市卫生健康委", email="office@example.gov.cn"),
        q1=None,
        q2=None,
    )
    task = make_task(number=5, name="推动地方健康立法", lead=("市卫生健康委",), cooperating=("市司法局",))
    world.q1 = make_milestone(task, key="Q1", title="2025年第1季度进展报告")
    world.q2 = make_milestone(task, key="Q2", title="2025年第2季度进展报告")
    db.session.commit()
    return world


def submitted(milestone: Milestone, liaison: User):
    report = make_report(milestone, status="submitted", actor=liaison)
    db.session.commit()
    return report


def notifications_of(user: User) -> list[Notification]:
    return list(
        db.session.scalars(select(Notification).where(Notification.user_id == user.id, Notification.kind == "outcome"))
    )


def outbox_of(user: User) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.user_id == user.id, OutboxMessage.kind == "outcome")
        )
    )


def mail_and_send(moment=None) -> None:
    """The day's outcome job, then the outbox sender, as the scheduler runs them."""
    moment = moment or now()
    mail_outcomes_of_day(moment)
    drain_outbox(moment)
    db.session.rollback()
