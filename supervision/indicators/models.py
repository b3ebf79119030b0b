"""The indicator register of a plan (表2), the office's settings per year, and the yearly values."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.accounts.models import Department, User
from supervision.db import TimestampMixin, utcnow
from supervision.extensions import db
from supervision.indicators.rules import Rule

DIRECTIONS = ("higher", "lower", "maintain", "unknown")


class ValueStatus(enum.StrEnum):
    draft = "draft"
    submitted = "submitted"
    approved = "approved"
    returned = "returned"


VALUE_STATUS_LABELS = {"draft": "草稿", "submitted": "待审核", "approved": "已通过", "returned": "已退回"}

indicator_contributors = Table(
    "indicator_contributors",
    db.metadata,
    Column("indicator_id", ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("departments.id"), primary_key=True),
)


class Indicator(db.Model):
    """A main indicator of a plan: one row or sub-row of the table, its texts kept as the document writes them."""

    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("plan_code", "number", "coverage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_code: Mapped[str] = mapped_column(String(40))
    number: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(40))
    coverage: Mapped[str | None] = mapped_column(String(100))  # 口径范围 (市区, 市域, 建成区 ...)
    scope: Mapped[str | None] = mapped_column(String(40))  # 指标性质 (预期性/约束性) where a table has it
    baseline_year: Mapped[int] = mapped_column(Integer)
    baseline: Mapped[str | None] = mapped_column(String(100))
    target_year: Mapped[int] = mapped_column(Integer)
    target: Mapped[str | None] = mapped_column(String(100))
    direction: Mapped[str] = mapped_column(String(10))  # higher / lower / maintain / unknown, from the target
    better: Mapped[str | None] = mapped_column(String(10))  # which way is better (seed): bare numbers and trends
    rule: Mapped[dict | None] = mapped_column(JSON)  # null: flagged, the office writes the rule
    tolerance: Mapped[str] = mapped_column(String(12), default="0")  # fraction of the target: 0.05 = 5%
    use_path: Mapped[bool] = mapped_column(Boolean, default=False)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    owner: Mapped[Department | None] = relationship(foreign_keys=[owner_id])
    contributors: Mapped[list[Department]] = relationship(secondary=indicator_contributors, order_by=Department.id)

    @property
    def parsed_rule(self) -> Rule | None:
        return Rule.from_dict(self.rule) if self.rule else None

    @property
    def tolerance_fraction(self) -> Decimal:
        return Decimal(self.tolerance or "0")

    @property
    def trend_direction(self) -> str:
        return self.better if self.direction in ("unknown", "maintain") and self.better else self.direction

    @property
    def label(self) -> str:
        return f"{self.number} {self.name}" + (f"（{self.coverage}）" if self.coverage else "")


class IndicatorYear(db.Model):
    """The office's settings of an indicator for one year: the due date of the value and the province's figure."""

    __tablename__ = "indicator_years"
    __table_args__ = (UniqueConstraint("indicator_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date | None] = mapped_column(Date)
    province_target: Mapped[str | None] = mapped_column(String(100))


class IndicatorValue(TimestampMixin, db.Model):
    """A value of an indicator for a year (quarter 0: the whole year), entered by the owner, reviewed by the office."""

    __tablename__ = "indicator_values"
    __table_args__ = (UniqueConstraint("indicator_id", "year", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    indicator: Mapped[Indicator] = relationship()
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(String(100))
    number: Mapped[str] = mapped_column(String(40))  # the parsed number, as exact decimal text
    qualifier: Mapped[str | None] = mapped_column(String(2))  # < ≤ > ≥ for values such as <0.011
    source: Mapped[str] = mapped_column(String(200), default="")
    basis_note: Mapped[str] = mapped_column(String(500), default="")  # 口径说明
    status: Mapped[str] = mapped_column(String(10), default=ValueStatus.draft.value)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    comment: Mapped[str] = mapped_column(String(500), default="")

    @property
    def status_label(self) -> str:
        return VALUE_STATUS_LABELS.get(self.status, self.status)


class IndicatorEvidence(db.Model):
    """An evidence file of a value; the bytes live in the evidence storage by content hash."""

    __tablename__ = "indicator_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    value_id: Mapped[int] = mapped_column(ForeignKey("indicator_values.id", ondelete="CASCADE"), index=True)
    uploader_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploader: Mapped[User] = relationship(foreign_keys=[uploader_id])
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(20))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
