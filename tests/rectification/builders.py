"""Data for the 整改 and 约谈/问责 tests: two departments with a led task each, their people, a notice."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from supervision.accounts.models import Department, User
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.reminders.models import SupervisionNotice
from tests.builders import PDF, make_department, make_milestone, make_task, make_user


@dataclass
class World:
    office: User
    edu: Department
    sport: Department
    edu_liaison: User
    edu_head: User
    sport_liaison: User
    milestone: Milestone
    notice: SupervisionNotice


def make_notice(milestone: Milestone, department: Department, issued_on: date, number: int = 1) -> SupervisionNotice:
    """A 督办通知单 as the daily reminders issue it."""
    notice = SupervisionNotice(
        year=issued_on.year,
        number=number,
        milestone=milestone,
        department=department,
        role="lead",
        due_date=milestone.due_date,
        overdue_days=5,
        issued_on=issued_on,
    )
    db.session.add(notice)
    db.session.flush()
    return notice


def make_world() -> World:
    edu, sport = make_department("市教育局"), make_department("市体育局")
    office = make_user("office1", ("office",), "市卫生健康委", email="office1@example.cn")
    edu_liaison = make_user("edu1", ("liaison",), edu, email="edu1@example.cn")
    edu_head = make_user("eduhead", ("dept_head",), edu, email="eduhead@example.cn")
    sport_liaison = make_user("sport1", ("liaison",), sport, email="sport1@example.cn")
    milestone = make_milestone(
        make_task(lead=(edu,), name="学校健康促进"), title="第三季度进展", due_date=date(2025, 10, 14)
    )
    make_milestone(make_task(lead=(sport,), name="全民健身"), title="第三季度进展", due_date=date(2025, 10, 14))
    notice = make_notice(milestone, edu, date(2025, 10, 21))
    db.session.commit()
    return World(office, edu, sport, edu_liaison, edu_head, sport_liaison, milestone, notice)


def pdf_file(name: str = "整改报告.pdf") -> tuple[io.BytesIO, str]:
    return io.BytesIO(PDF + name.encode()), name
