"""Plans (规划 / 行动计划) and the plan indicators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.db import TimestampMixin
from supervision.extensions import db

if TYPE_CHECKING:
    from supervision.tasks.models import Task


class Plan(TimestampMixin, db.Model):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    document: Mapped[str | None] = mapped_column(String(300))
    tasks: Mapped[list[Task]] = relationship(
        back_populates="plan", order_by="[Task.kind, Task.number]", cascade="all, delete-orphan"
    )

    @property
    def period_label(self) -> str:
        return f"{self.start_year}—{self.end_year}年"


class Indicator(db.Model):
    """A main indicator of a plan (表2 of the 14th five-year plan)."""

    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("plan_code", "number", "coverage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_code: Mapped[str] = mapped_column(String(40))
    number: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(40))
    coverage: Mapped[str | None] = mapped_column(String(100))
    scope: Mapped[str | None] = mapped_column(String(40))
    value_2020: Mapped[str | None] = mapped_column(String(100))
    target_2025: Mapped[str | None] = mapped_column(String(100))
    direction: Mapped[str] = mapped_column(String(10))  # higher / lower is better
