"""An evaluation of a plan (the office's sections) and the office's changes to the suggested task verdicts."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.db import TimestampMixin
from supervision.extensions import db
from supervision.plans.models import Plan
from supervision.tasks.models import Task

SECTIONS = {"achievements": "主要成效", "problems": "存在问题", "next_steps": "下一步建议"}


class Evaluation(TimestampMixin, db.Model):
    """One per plan: the sections the office writes; the figures are generated from the data each time."""

    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), unique=True)
    plan: Mapped[Plan] = relationship()
    achievements: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    verdicts: Mapped[list[EvaluationVerdict]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan", lazy="selectin"
    )


class EvaluationVerdict(TimestampMixin, db.Model):
    """The office's verdict of a task where it differs from the suggested one, with its reason."""

    __tablename__ = "evaluation_verdicts"
    __table_args__ = (UniqueConstraint("evaluation_id", "task_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    evaluation: Mapped[Evaluation] = relationship(back_populates="verdicts")
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    task: Mapped[Task] = relationship()
    verdict: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
