"""Reports (进展填报), contributions (配合情况), reviews (审核) and target values."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.accounts.models import Department, User
from supervision.db import TimestampMixin
from supervision.extensions import db
from supervision.milestones.models import Milestone


class ReportStatus(enum.StrEnum):
    draft = "draft"
    submitted = "submitted"  # waiting for the department head
    pending_review = "pending_review"  # waiting for the office
    approved = "approved"
    returned = "returned"


REPORT_STATUS_LABELS = {
    "draft": "草稿",
    "submitted": "待部门负责人审核",
    "pending_review": "待办公室审核",
    "approved": "已通过",
    "returned": "已退回",
}
TASK_STATUSES = ("未启动", "按计划推进", "滞后", "已完成")
WAITING = text("status IN ('submitted', 'pending_review')")  # the rows of the partial index ix_reports_waiting


class Report(TimestampMixin, db.Model):
    __tablename__ = "reports"
    __table_args__ = (
        Index("ix_reports_updated_at", "updated_at"),
        # the review inbox: the reports waiting for a review, oldest submission first (issue 20)
        Index("ix_reports_waiting", "status", "submitted_at", "id", postgresql_where=WAITING, sqlite_where=WAITING),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestones.id", ondelete="CASCADE"), unique=True)
    milestone: Mapped[Milestone] = relationship(lazy="joined")
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.draft.value, index=True)
    progress: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    completion_percent: Mapped[int] = mapped_column(Integer, default=0)
    task_status: Mapped[str] = mapped_column(String(20), default="按计划推进")
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_by: Mapped[User | None] = relationship()
    version: Mapped[int] = mapped_column(Integer, default=1)
    target_values: Mapped[list[ReportTargetValue]] = relationship(
        back_populates="report", cascade="all, delete-orphan", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def status_label(self) -> str:
        return REPORT_STATUS_LABELS[self.status]

    @property
    def editable(self) -> bool:
        return self.status in (ReportStatus.draft, ReportStatus.returned)


class ReportTargetValue(db.Model):
    __tablename__ = "report_target_values"
    __table_args__ = (UniqueConstraint("report_id", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    report: Mapped[Report] = relationship(back_populates="target_values")
    target_id: Mapped[int] = mapped_column(ForeignKey("task_targets.id", ondelete="CASCADE"))
    value: Mapped[str] = mapped_column(String(500), default="")


class Contribution(TimestampMixin, db.Model):
    """A cooperating unit's input for a milestone."""

    __tablename__ = "contributions"
    __table_args__ = (UniqueConstraint("milestone_id", "department_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestones.id", ondelete="CASCADE"), index=True)
    milestone: Mapped[Milestone] = relationship(lazy="joined")
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    department: Mapped[Department] = relationship(lazy="joined")
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft / submitted
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    included_in_report: Mapped[bool] = mapped_column(default=False)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
