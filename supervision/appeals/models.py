"""复核: a department's objection to a published result, the office's answer, and its evidence files."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.accounts.models import Department
from supervision.db import utcnow
from supervision.evidence.columns import AttachedFileColumns
from supervision.extensions import db

STATE_LABELS = {"open": "待复核", "upheld": "维持", "adjusted": "调整"}


class Appeal(db.Model):
    """One objection to a component or a bonus/deduction line of a department's published result."""

    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    department: Mapped[Department] = relationship(lazy="joined")
    target: Mapped[str] = mapped_column(String(60))  # "component:<key>", "bonus:<n>" or "deductions:<n>"
    target_label: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default="open")
    reply: Mapped[str] = mapped_column(Text, default="")
    total_before: Mapped[float | None] = mapped_column(Float)
    total_after: Mapped[float | None] = mapped_column(Float)
    rank_before: Mapped[int | None] = mapped_column(Integer)
    rank_after: Mapped[int | None] = mapped_column(Integer)
    adjustment_id: Mapped[int | None] = mapped_column(ForeignKey("assessment_adjustments.id", ondelete="SET NULL"))
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    filed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    files: Mapped[list[AppealFile]] = relationship(
        back_populates="appeal", cascade="all, delete-orphan", order_by="AppealFile.id"
    )

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, "待复核")

    @property
    def code(self) -> str:
        return f"复核〔{self.year}〕{self.id}号"


class AppealFile(AttachedFileColumns, db.Model):
    """An evidence file of an appeal; the bytes live in the evidence storage by content hash."""

    __tablename__ = "appeal_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id", ondelete="CASCADE"), index=True)
    appeal: Mapped[Appeal] = relationship(back_populates="files")
