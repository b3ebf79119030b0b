"""The bench's 2025: seeds plus generated reports, contributions, evidence and the office's inputs.

Fixed random seed, so every run measures the same documents. Used by bench/scorecards.py.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

YEAR, TODAY = 2025, date(2026, 2, 1)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 8, tzinfo=UTC)  # Shanghai hour in UTC


def build_year(db, rng: random.Random) -> None:
    from sqlalchemy import select

    from supervision.accounts.models import Department
    from supervision.accounts.services import create_user
    from supervision.evidence.models import Evidence
    from supervision.milestones.models import Milestone
    from supervision.milestones.services import generate_milestones
    from supervision.reports.models import Contribution, Report
    from supervision.reviews.models import Review
    from supervision.tasks.models import Task, TaskDepartment

    departments = db.session.scalars(select(Department).order_by(Department.id)).all()
    office = create_user(
        username="bench_office", password="Bench-Passw0rd", department_name="市卫生健康委", roles=["office"]
    )
    actions = db.session.scalars(select(Task).where(Task.kind == "action").order_by(Task.number)).all()
    for i, task in enumerate(actions):  # the bench's own assignment of the 27 actions
        picked = [departments[(i * 3 + k) % len(departments)] for k in range(4)]
        roles = ["lead", "cooperating", "cooperating", "cooperating"]
        for position, (dept, role) in enumerate(zip(picked, roles, strict=True)):
            if all(td.department_id != dept.id for td in task.departments):
                task.departments.append(TaskDepartment(department=dept, role=role, position=position))
    generate_milestones(YEAR)
    db.session.flush()
    for m in db.session.scalars(select(Milestone).where(Milestone.year == YEAR)):
        lead = next((td.department for td in m.task.departments if td.role == "lead"), None)
        scenario = rng.choices(["on_time", "late", "returned", "pending", "missing"], [60, 15, 10, 10, 5])[0]
        if lead is not None and scenario != "missing":
            sent = m.due_date + timedelta(days=rng.randint(1, 12) if scenario == "late" else -rng.randint(0, 5))
            report = Report(
                milestone=m,
                status="pending_review" if scenario == "pending" else "approved",
                progress="按计划推进，完成阶段目标。",
                submitted_at=at(sent),
            )
            db.session.add(report)
            db.session.flush()
            if scenario == "returned":
                db.session.add(
                    Review(
                        report_id=report.id,
                        outcome="returned",
                        comment="请补充佐证材料和数据。",
                        reviewer_id=office.id,
                        created_at=at(sent + timedelta(days=2)),
                    )
                )
                report.submitted_at = at(sent + timedelta(days=5))
            if report.status == "approved":
                report.approved_at = report.submitted_at + timedelta(days=2)
                verdict = rng.choices(["accepted", "rejected", None], [70, 10, 20])[0]
                db.session.add(
                    Evidence(
                        milestone=m,
                        department_id=lead.id,
                        uploader_id=office.id,
                        filename=f"{m.title}佐证材料.pdf",
                        sha256=f"{rng.getrandbits(256):064x}",
                        size=1000,
                        kind="pdf",
                        verdict=verdict,
                    )
                )
        for td in m.task.departments:
            if td.role == "cooperating" and rng.random() < 0.9:
                day = m.due_date + timedelta(days=rng.choice([-3, -1, 0, 2, 6]))
                db.session.add(
                    Contribution(
                        milestone=m,
                        department_id=td.department_id,
                        text="已配合。",
                        status="submitted",
                        submitted_at=at(day),
                    )
                )
    db.session.commit()


def manual_inputs(db, rng: random.Random) -> None:
    from sqlalchemy import select

    from supervision.accounts.models import Department, DepartmentKind
    from supervision.assessment.publishing.services import save_scheme
    from supervision.assessment.scoring.manual import add_adjustment, rate_quality, set_indicator_result
    from supervision.assessment.scoring.services import scheme_for
    from supervision.indicators.models import Indicator
    from supervision.tasks.models import Task

    config = scheme_for(YEAR).config
    save_scheme(YEAR, {"scheme": dict(config, kinds=[k.value for k in DepartmentKind])}, actor=None)
    tasks = db.session.scalars(select(Task).where(Task.active, Task.end_year >= YEAR)).all()
    rate_quality(YEAR, [(t, rng.choice("AABBBC"), "") for t in tasks if t.lead_departments], actor=None)
    departments = db.session.scalars(select(Department)).all()
    for indicator in db.session.scalars(select(Indicator)):
        indicator.owner = rng.choice(departments)  # the register's owner; the outcome is the office's override
        db.session.flush()
        set_indicator_result(
            YEAR,
            None,
            indicator,
            rng.choice(["met", "met", "improved", "worse"]),
            "",
            "基准测试数据",
            actor=None,
        )
    for dept in rng.sample(departments, 8):
        add_adjustment(
            YEAR,
            dept,
            "bonus",
            "model_case",
            level=rng.choice(["provincial", "municipal"]),
            count=1,
            reason="入选示范样板",
            document="杭健办〔2026〕1号",
            actor=None,
        )
    db.session.commit()
