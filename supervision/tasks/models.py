"""Tasks (督办事项): key projects and actions, the departments on each task, quantitative targets."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.accounts.models import Department
from supervision.db import TimestampMixin
from supervision.extensions import db
from supervision.plans.models import Plan


class TaskKind(enum.StrEnum):
    key_project = "key_project"
    action = "action"


TASK_KIND_LABELS = {TaskKind.key_project: "重点任务", TaskKind.action: "行动"}

TASK_STATUS_LABELS = {"open": "推进中", "completed": "已办结", "suspended": "中止", "carried_over": "转入新规划"}
VERDICTS = ("完成", "基本完成", "未完成")


class DepartmentRole(enum.StrEnum):
    lead = "lead"
    cooperating = "cooperating"


class Task(TimestampMixin, db.Model):
    """One supervised work item: a key project or an action."""

    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("plan_id", "kind", "number"), Index("ix_tasks_updated_at", "updated_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    plan: Mapped[Plan] = relationship(back_populates="tasks", lazy="joined")
    kind: Mapped[str] = mapped_column(String(20))
    number: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(100), index=True)
    name: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Once the office assigns departments in the app, `flask seed` no longer changes them.
    assigned_in_app: Mapped[bool] = mapped_column(Boolean, default=False)
    # open / completed (销号, with the office's verdict) / suspended / carried_over (to `successor`), from status_on on
    status: Mapped[str] = mapped_column(String(20), default="open", server_default="open")
    status_on: Mapped[date | None] = mapped_column(Date)
    status_reason: Mapped[str | None] = mapped_column(Text)
    verdict: Mapped[str | None] = mapped_column(String(20))
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"), index=True)
    successor: Mapped[Task | None] = relationship(remote_side=[id], foreign_keys=[successor_id])
    departments: Mapped[list[TaskDepartment]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="TaskDepartment.position", lazy="selectin"
    )
    targets: Mapped[list[TaskTarget]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="TaskTarget.position", lazy="selectin"
    )

    @property
    def kind_label(self) -> str:
        return TASK_KIND_LABELS[TaskKind(self.kind)]

    @property
    def period_label(self) -> str:
        return f"{self.start_year}—{self.end_year}年"

    def departments_in(self, role: str) -> list[Department]:
        return [td.department for td in self.departments if td.role == role]

    @property
    def lead_departments(self) -> list[Department]:
        return self.departments_in(DepartmentRole.lead)

    @property
    def cooperating_departments(self) -> list[Department]:
        return self.departments_in(DepartmentRole.cooperating)

    @property
    def has_demo_assignment(self) -> bool:
        return any(td.is_demo for td in self.departments)

    def covers_year(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year

    @property
    def status_label(self) -> str:
        return TASK_STATUS_LABELS[self.status]

    def supervised(self, year: int, today: date) -> bool:
        """Whether the task's and its plan's states let milestones of `year` be supervised on `today`."""
        task_open = self.status == "open" or self.status_on is None or today < self.status_on
        return task_open and self.plan.supervises_year(year, today)


class TaskDepartment(db.Model):
    __tablename__ = "task_departments"
    __table_args__ = (UniqueConstraint("task_id", "department_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    task: Mapped[Task] = relationship(back_populates="departments")
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    department: Mapped[Department] = relationship(lazy="joined")
    role: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class TaskTarget(db.Model):
    """A quantitative target of a task, as the source document states it."""

    __tablename__ = "task_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    task: Mapped[Task] = relationship(back_populates="targets")
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    # The office's hand-written rule (Rule.to_dict()) and the wording it wrote; null: the parser reads `text`.
    rule: Mapped[dict | None] = mapped_column(JSON)
    rule_wording: Mapped[str | None] = mapped_column(Text)
