"""Plans (规划 / 行动计划); their indicators live in supervision/indicators/models.py."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.db import TimestampMixin
from supervision.extensions import db

if TYPE_CHECKING:
    from supervision.tasks.models import Task

PLAN_STATUS_LABELS = {"running": "执行中", "evaluating": "收尾评估", "closed": "已结束"}


class Plan(TimestampMixin, db.Model):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    document: Mapped[str | None] = mapped_column(String(300))
    # running / evaluating (only the end year supervised) / closed (nothing supervised), from status_on on
    status: Mapped[str] = mapped_column(String(20), default="running", server_default="running")
    status_on: Mapped[date | None] = mapped_column(Date)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    tasks: Mapped[list[Task]] = relationship(
        back_populates="plan", order_by="[Task.kind, Task.number]", cascade="all, delete-orphan"
    )

    @property
    def period_label(self) -> str:
        return f"{self.start_year}—{self.end_year}年"

    @property
    def status_label(self) -> str:
        return PLAN_STATUS_LABELS[self.status]

    def supervises_year(self, year: int, today: date) -> bool:
        """Whether the plan's state lets milestones of `year` be supervised on `today`."""
        if self.status == "running" or self.status_on is None or today < self.status_on:
            return True
        return self.status == "evaluating" and year >= self.end_year
