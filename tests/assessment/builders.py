"""A small realistic 2025: seeded plans, generated milestones, reports driven through the real services.

市教育局 leads key project 16 and cooperates on key project 19; 市司法局 cooperates on key project 5.
The services stamp times with `utcnow`; the `Clock` sets it, so each step happens on a chosen 2025 day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from supervision.accounts.models import Department
from supervision.indicators.models import Indicator
from supervision.milestones.models import Milestone
from supervision.tasks.models import Task
from tests.builders import REPORT_FORM, make_contribution, make_evidence, make_report, make_user
from tests.helpers import seed

TODAY = date(2026, 2, 1)  # after the cut-off (2026-01-10)


class Clock:
    def __init__(self, monkeypatch) -> None:
        self.now = datetime(2025, 1, 1, tzinfo=UTC)
        for module in (
            "supervision.reports.services",
            "supervision.reviews.services",
            "supervision.audit.services",
            "supervision.evidence.services",
            "supervision.indicators.entries",
        ):
            monkeypatch.setattr(f"{module}.utcnow", lambda: self.now)

    def at(self, day: str) -> None:
        self.now = datetime.fromisoformat(day).replace(tzinfo=UTC) + timedelta(hours=2)  # 10:00 in Shanghai


def department(db, name: str) -> Department:
    return db.session.scalar(select(Department).where(Department.name == name))


def key_project(db, number: int) -> Task:
    return db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == number))


def milestone(db, task: Task, key: str) -> Milestone:
    return db.session.scalar(
        select(Milestone).where(Milestone.task_id == task.id, Milestone.year == 2025, Milestone.key == key)
    )


class Year2025:
    """Builds the dataset; keeps the users and objects tests need."""

    def __init__(self, runner, db, monkeypatch) -> None:
        from supervision.milestones.services import generate_milestones

        seed(runner)
        generate_milestones(2025)
        db.session.commit()
        self.db = db
        self.clock = Clock(monkeypatch)
        self.edu = department(db, "市教育局")
        self.justice = department(db, "市司法局")
        self.office = make_user("office1", ("office",), department(db, "市卫生健康委"))
        self.edu_liaison = make_user("edu1", ("liaison",), self.edu)
        self.health_liaison = make_user("health1", ("liaison",), department(db, "市卫生健康委"))
        self.justice_liaison = make_user("justice1", ("liaison",), self.justice)
        self.task16, self.task19, self.task5 = key_project(db, 16), key_project(db, 19), key_project(db, 5)

    # --- steps -------------------------------------------------------------------------------------
    def submit(self, task: Task, key: str, day: str, liaison=None):
        from supervision.reports.services import report_for, save_report, submit_report

        self.clock.at(day)
        m = milestone(self.db, task, key)
        liaison = liaison or self.edu_liaison
        report = report_for(m)
        if report is None:
            return make_report(m, status="pending_review", actor=liaison)
        if report.status == "returned":
            save_report(m, REPORT_FORM, expected_version=None, actor=liaison)
        submit_report(report, expected_version=None, actor=liaison)
        return report

    def review(self, report, outcome: str, day: str, comment: str = "") -> None:
        from supervision.reviews.models import Review
        from supervision.reviews.services import office_review

        self.clock.at(day)
        office_review(report, outcome, comment, actor=self.office)
        latest = self.db.session.scalar(select(Review).where(Review.report_id == report.id).order_by(Review.id.desc()))
        latest.created_at = self.clock.now  # the column default is not the services' clock

    def contribute(self, task: Task, key: str, day: str, liaison) -> None:
        self.clock.at(day)
        make_contribution(milestone(self.db, task, key), status="submitted", actor=liaison)

    def evidence(self, task: Task, key: str, verdict: str | None, name: str = "材料.pdf"):
        m = milestone(self.db, task, key)
        return make_evidence(m, actor=self.edu_liaison, filename=name, verdict=verdict, judge=self.office)

    def indicator_value(self, indicator: Indicator, year: int, text: str, day: str):
        """The owner's liaison enters and submits a yearly value on `day`; the office approves it the same day."""
        from supervision.indicators.entries import enter_value, review_value, submit_value

        self.clock.at(day)
        value = enter_value(indicator, year, text, source="市教育局统计", actor=self.edu_liaison)
        submit_value(value, actor=self.edu_liaison)
        review_value(value, "approve", "", actor=self.office)
        return value

    # --- the scenario of the hand-computed test ----------------------------------------------------
    def build(self) -> Year2025:
        from supervision.assessment.scoring.manual import add_adjustment, rate_quality
        from supervision.indicators.services import assign_owner

        t16 = self.task16
        q1 = self.submit(t16, "Q1", "2025-04-03")
        self.evidence(t16, "Q1", "accepted", "一季度工作台账.pdf")
        self.review(q1, "approved", "2025-04-10")
        q2 = self.submit(t16, "Q2", "2025-07-04")
        self.evidence(t16, "Q2", "rejected", "无关材料.pdf")
        self.review(q2, "returned", "2025-07-08", "请补充数据")
        self.submit(t16, "Q2", "2025-07-10")
        self.review(q2, "approved", "2025-07-11")
        q3 = self.submit(t16, "Q3", "2025-10-16")
        self.review(q3, "approved", "2025-10-20")
        self.submit(t16, "annual", "2025-12-12")  # still waiting for the office at the cut-off
        # 市教育局 cooperating on key project 19 (lead 市卫生健康委)
        self.contribute(self.task19, "Q1", "2025-04-07", self.edu_liaison)
        self.contribute(self.task19, "Q2", "2025-07-09", self.edu_liaison)
        self.contribute(self.task19, "annual", "2025-12-10", self.edu_liaison)
        # 市司法局 cooperating on key project 5 (lead 市卫生健康委)
        for key, day in (("Q1", "2025-04-02"), ("Q2", "2025-07-01"), ("Q3", "2025-10-09"), ("annual", "2025-12-01")):
            self.contribute(self.task5, key, day, self.justice_liaison)
        rate_quality(2025, [(t16, "B", "")], actor=self.office)
        # 市教育局 answers for indicator 48 (target 5): 2 in 2024, 3 in 2025 → 未达标 but 进步 → improved (0.5)
        self.myopia = self.db.session.scalar(select(Indicator).where(Indicator.number == 48))
        assign_owner(self.myopia, self.edu.id, [], actor=self.office)
        self.indicator_value(self.myopia, 2024, "2", "2025-03-02")
        self.indicator_value(self.myopia, 2025, "3", "2025-12-20")
        add_adjustment(
            2025,
            self.edu,
            "bonus",
            "innovation",
            level=None,
            count=1,
            reason="近视防控做法被省教育厅推广",
            document="浙教办函〔2025〕1号",
            actor=self.office,
        )
        self.db.session.commit()
        return self

    def rate_all_led_tasks(self, grade: str = "A") -> None:
        from supervision.assessment.scoring.manual import rate_quality

        tasks = self.db.session.scalars(select(Task).where(Task.active, Task.end_year >= 2025)).all()
        rate_quality(
            2025, [(t, grade, "") for t in tasks if t.lead_departments and t.id != self.task16.id], actor=self.office
        )
        self.db.session.commit()
