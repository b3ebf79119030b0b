"""整改 items, the steps of their life (open, answer, return, accept) and the files of the answers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.accounts.models import Department, User
from supervision.db import utcnow
from supervision.evidence.columns import AttachedFileColumns
from supervision.extensions import db

STATE_LABELS = {"open": "待整改", "answered": "待验收", "returned": "退回重改", "accepted": "已销号"}
SOURCE_LABELS = {
    "notice": "督办通知单",
    "report": "退回的报告",
    "bulletin": "通报",
    "deduction": "考核扣分",
    "other": "其他",
}
STEP_LABELS = {"open": "发起整改", "answer": "报送整改情况", "return": "退回", "accept": "验收销号"}
OPEN_STATES = ("open", "returned")  # the department has to act


class Rectification(db.Model):
    """One 整改 item of a department: a requirement, a deadline and where it came from."""

    __tablename__ = "rectifications"
    __table_args__ = (UniqueConstraint("year", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    number: Mapped[int] = mapped_column(Integer)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    department: Mapped[Department] = relationship(lazy="joined")
    source_kind: Mapped[str] = mapped_column(String(20), index=True)
    source_id: Mapped[int | None] = mapped_column(Integer)
    source_label: Mapped[str] = mapped_column(String(300), default="")
    requirement: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(20), default="open", index=True)
    escalated_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    steps: Mapped[list[RectificationStep]] = relationship(
        back_populates="rectification", order_by="RectificationStep.id", cascade="all, delete-orphan"
    )
    files: Mapped[list[RectificationFile]] = relationship(
        back_populates="rectification", order_by="RectificationFile.id", cascade="all, delete-orphan"
    )

    @property
    def code(self) -> str:
        return f"健康办整〔{self.year}〕{self.number}号"

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def source_kind_label(self) -> str:
        return SOURCE_LABELS.get(self.source_kind, self.source_kind)


class RectificationStep(db.Model):
    """What happened to an item, with its text: the requirement, an answer, a return comment, the acceptance."""

    __tablename__ = "rectification_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    rectification_id: Mapped[int] = mapped_column(ForeignKey("rectifications.id", ondelete="CASCADE"), index=True)
    rectification: Mapped[Rectification] = relationship(back_populates="steps")
    action: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    day: Mapped[date] = mapped_column(Date)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    user: Mapped[User | None] = relationship(lazy="joined")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def action_label(self) -> str:
        return STEP_LABELS.get(self.action, self.action)


class RectificationFile(AttachedFileColumns, db.Model):
    """An evidence file of an answer; the bytes live in the evidence storage by content hash."""

    __tablename__ = "rectification_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    rectification_id: Mapped[int] = mapped_column(ForeignKey("rectifications.id", ondelete="CASCADE"), index=True)
    rectification: Mapped[Rectification] = relationship(back_populates="files")
    step_id: Mapped[int | None] = mapped_column(ForeignKey("rectification_steps.id", ondelete="SET NULL"))
