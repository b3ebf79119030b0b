"""Bulletins (通报): the period, the office's text of each section, the report excerpts it picked as good
practice, and once issued its number, addressees and stored files."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.accounts.models import Department, User
from supervision.db import TimestampMixin
from supervision.extensions import db
from supervision.reports.models import Report

PERIOD_LABELS = {"month": "月度", "quarter": "季度", "year": "年度"}
STATUS_LABELS = {"draft": "草稿", "issued": "已印发"}
CN_QUARTERS = {1: "一", 2: "二", 3: "三", 4: "四"}


class Bulletin(TimestampMixin, db.Model):
    """One per period (`period` is the month or quarter, 0 for a year); numbered only when issued."""

    __tablename__ = "bulletins"
    __table_args__ = (UniqueConstraint("year", "period_kind", "period"), UniqueConstraint("number_year", "number"))

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    period_kind: Mapped[str] = mapped_column(String(10))  # month / quarter / year
    period: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    texts: Mapped[dict[str, str]] = mapped_column(JSON)  # section key → the office's text
    number_year: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[int | None] = mapped_column(Integer)
    issued_on: Mapped[date | None] = mapped_column(Date)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    excerpts: Mapped[list[BulletinExcerpt]] = relationship(
        back_populates="bulletin", cascade="all, delete-orphan", order_by="BulletinExcerpt.id", lazy="selectin"
    )
    recipients: Mapped[list[BulletinRecipient]] = relationship(
        back_populates="bulletin", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def period_label(self) -> str:
        if self.period_kind == "month":
            return f"{self.year}年{self.period}月"
        if self.period_kind == "quarter":
            return f"{self.year}年第{CN_QUARTERS[self.period]}季度"
        return f"{self.year}年度"

    @property
    def kind_label(self) -> str:
        return PERIOD_LABELS[self.period_kind] + "通报"

    @property
    def code(self) -> str:
        if self.number is None:
            return "健康办通〔　　〕　号（印发时编号）"
        return f"健康办通〔{self.number_year}〕{self.number}号"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def issued(self) -> bool:
        return self.status == "issued"


class BulletinExcerpt(db.Model):
    """A passage of an approved report the office quotes as good practice (好的做法)."""

    __tablename__ = "bulletin_excerpts"
    __table_args__ = (UniqueConstraint("bulletin_id", "report_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bulletin_id: Mapped[int] = mapped_column(ForeignKey("bulletins.id", ondelete="CASCADE"), index=True)
    bulletin: Mapped[Bulletin] = relationship(back_populates="excerpts")
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    report: Mapped[Report] = relationship(lazy="joined")
    text: Mapped[str] = mapped_column(Text)


class BulletinRecipient(db.Model):
    """A department the issued bulletin is addressed to (主送)."""

    __tablename__ = "bulletin_recipients"
    __table_args__ = (UniqueConstraint("bulletin_id", "department_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bulletin_id: Mapped[int] = mapped_column(ForeignKey("bulletins.id", ondelete="CASCADE"), index=True)
    bulletin: Mapped[Bulletin] = relationship(back_populates="recipients")
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    department: Mapped[Department] = relationship(lazy="joined")


class BulletinFile(db.Model):
    """The issued bulletin as stored: its PDF and its Word file, never changed after issue."""

    __tablename__ = "bulletin_files"
    __table_args__ = (UniqueConstraint("bulletin_id", "fmt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bulletin_id: Mapped[int] = mapped_column(ForeignKey("bulletins.id", ondelete="CASCADE"), index=True)
    fmt: Mapped[str] = mapped_column(String(10))  # pdf / docx
    content: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
