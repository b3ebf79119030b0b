"""A small world for the bulletin tests: two lead departments with 2025 Q4 milestones, one unit not concerned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from supervision.clock import SHANGHAI
from supervision.extensions import db
from tests.builders import make_department, make_milestone, make_report, make_task, make_user


def at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=SHANGHAI)


@dataclass
class World:
    sport: object
    edu: object
    other: object
    late_task: object
    good_report: object


def build_world() -> World:
    sport = make_department("市体育局")
    edu = make_department("市教育局")
    other = make_department("市司法局")
    make_user("office1", roles=("office",), email="office@example.cn")
    make_user("sport1", roles=("liaison",), department=sport, email="sport1@example.cn")
    make_user("sport_head", roles=("dept_head",), department=sport, email="head@example.cn")
    make_user("edu1", roles=("liaison",), department=edu, email="edu1@example.cn")
    make_user("other1", roles=("liaison",), department=other, email="other1@example.cn")
    make_user("leader1", roles=("leader",), department=other)
    late_task = make_task(lead=(sport,), name="全民健身设施建设")
    on_time = make_milestone(late_task, title="第三季度进展报告", due_date=date(2025, 10, 14))
    make_report(on_time, status="approved", submitted_at=at(date(2025, 10, 10)), approved_at=at(date(2025, 10, 12)))
    make_milestone(late_task, title="年度工作总结", due_date=date(2025, 12, 15))  # never reported
    approved_later = make_milestone(late_task, title="专项督查整改", due_date=date(2025, 11, 14))
    make_report(approved_later, status="approved", submitted_at=at(date(2026, 1, 3)), approved_at=at(date(2026, 1, 5)))
    edu_task = make_task(lead=(edu,), name="学生体质健康促进")
    edu_milestone = make_milestone(edu_task, title="第三季度进展报告", due_date=date(2025, 10, 14))
    good_report = make_report(
        edu_milestone,
        status="approved",
        submitted_at=at(date(2025, 10, 9)),
        approved_at=at(date(2025, 10, 11)),
        progress="全市中小学落实每天校园体育活动2小时，体质健康优良率提升。",
    )
    db.session.commit()
    return World(sport, edu, other, late_task, good_report)
