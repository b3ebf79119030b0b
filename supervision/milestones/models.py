"""Milestones of a task in a year, the yearly schedule template and local calendar exceptions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.db import TimestampMixin
from supervision.extensions import db
from supervision.tasks.models import Task


class Milestone(TimestampMixin, db.Model):
    """A dated deliverable: a quarterly progress report, the annual summary, or one the office adds."""

    __tablename__ = "milestones"
    # `key` is set for generated milestones (Q1..Q4, annual) so generation is idempotent; NULL for manual ones.
    __table_args__ = (UniqueConstraint("task_id", "year", "key"), Index("ix_milestones_updated_at", "updated_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    task: Mapped[Task] = relationship(lazy="joined")
    year: Mapped[int] = mapped_column(Integer, index=True)
    key: Mapped[str | None] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[date] = mapped_column(Date, index=True)


class MilestoneTemplate(db.Model):
    """The office's schedule for a year; without a row the defaults below apply."""

    __tablename__ = "milestone_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    quarters: Mapped[str] = mapped_column(String(20), default="1,2,3,4")
    report_working_days: Mapped[int] = mapped_column(Integer, default=5)
    annual_month: Mapped[int] = mapped_column(Integer, default=12)
    annual_day: Mapped[int] = mapped_column(Integer, default=15)

    @property
    def quarter_list(self) -> list[int]:
        return [int(q) for q in self.quarters.split(",") if q.strip()]
