"""约谈 (interview) and 问责 (accountability) records, their linked tasks and notices, and the minutes files."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.accounts.models import Department
from supervision.db import utcnow
from supervision.evidence.columns import AttachedFileColumns
from supervision.extensions import db
from supervision.reminders.models import SupervisionNotice
from supervision.tasks.models import Task

KIND_LABELS = {"interview": "约谈", "accountability": "问责"}


class AccountabilityRecord(db.Model):
    __tablename__ = "accountability_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    department: Mapped[Department] = relationship(lazy="joined")
    people: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    tasks: Mapped[list[AccountabilityTask]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    notices: Mapped[list[AccountabilityNotice]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    files: Mapped[list[AccountabilityFile]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="AccountabilityFile.id", lazy="selectin"
    )

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


class AccountabilityTask(db.Model):
    __tablename__ = "accountability_tasks"
    __table_args__ = (UniqueConstraint("record_id", "task_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("accountability_records.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    task: Mapped[Task] = relationship(lazy="joined")


class AccountabilityNotice(db.Model):
    __tablename__ = "accountability_notices"
    __table_args__ = (UniqueConstraint("record_id", "notice_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("accountability_records.id", ondelete="CASCADE"), index=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("supervision_notices.id", ondelete="CASCADE"), index=True)
    notice: Mapped[SupervisionNotice] = relationship(lazy="joined")


class AccountabilityFile(AttachedFileColumns, db.Model):
    """The minutes (会议纪要) and other files of a record; the bytes live in the evidence storage."""

    __tablename__ = "accountability_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("accountability_records.id", ondelete="CASCADE"), index=True)
    record: Mapped[AccountabilityRecord] = relationship(back_populates="files")
