"""年度考核: the year's scheme and state, the office's manual inputs, results per department, stored PDFs."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.accounts.models import Department
from supervision.db import TimestampMixin, utcnow
from supervision.extensions import db
from supervision.indicators.models import Indicator
from supervision.tasks.models import Task

QUALITY_GRADES = ("A", "B", "C", "D")
INDICATOR_OUTCOMES = {"met": "已达标", "improved": "有改善未达标", "worse": "未改善"}
ADJUSTMENT_KINDS = {"bonus": "加分", "deduction": "扣分", "grade_cap": "等次限制"}


class AssessmentScheme(TimestampMixin, db.Model):
    """The 评分细则 of one year, a validated document (see scheme.py), exchanged as YAML."""

    __tablename__ = "assessment_schemes"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    config: Mapped[dict] = mapped_column(JSON)


class AssessmentRound(TimestampMixin, db.Model):
    """The year's assessment state: draft or published, and the inputs behind the current scores."""

    __tablename__ = "assessment_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft / published / final (终审)
    as_of: Mapped[date] = mapped_column(Date)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    inputs: Mapped[dict] = mapped_column(JSON)
    inputs_sha256: Mapped[str] = mapped_column(String(64))
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    auto_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    publicity_from: Mapped[date | None] = mapped_column(Date)  # 公示 period: every department sees the results
    publicity_to: Mapped[date | None] = mapped_column(Date)
    final_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # 终审: the objection window closed

    @property
    def published(self) -> bool:
        return self.status in ("published", "final")

    @property
    def final(self) -> bool:
        return self.status == "final"

    @property
    def status_label(self) -> str:
        return {"published": "已发布", "final": "终审"}.get(self.status, "草稿")


class Assessment(db.Model):
    """One department's result for a year; `detail` holds every component with its basis."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("year", "department_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    department: Mapped[Department] = relationship(lazy="joined")
    kind: Mapped[str] = mapped_column(String(20))
    rated: Mapped[bool] = mapped_column(Boolean, default=True)
    total: Mapped[float | None] = mapped_column(Float)
    rank: Mapped[int | None] = mapped_column(Integer)
    rank_of: Mapped[int | None] = mapped_column(Integer)
    grade: Mapped[str | None] = mapped_column(String(10))
    detail: Mapped[dict] = mapped_column(JSON)


class QualityRating(TimestampMixin, db.Model):
    """The office's rating of a task's work in a year (A/B/C/D)."""

    __tablename__ = "assessment_quality_ratings"
    __table_args__ = (UniqueConstraint("year", "task_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    task: Mapped[Task] = relationship(lazy="joined")
    grade: Mapped[str] = mapped_column(String(1))
    note: Mapped[str] = mapped_column(String(500), default="")


class IndicatorResult(TimestampMixin, db.Model):
    """An indicator a department answers for in a year, and whether its target was reached."""

    __tablename__ = "assessment_indicator_results"
    __table_args__ = (UniqueConstraint("year", "department_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    department: Mapped[Department] = relationship(lazy="joined")
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    indicator: Mapped[Indicator] = relationship(lazy="joined")
    outcome: Mapped[str] = mapped_column(String(20))  # met / improved / worse
    value: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(String(500), default="")


class Adjustment(db.Model):
    """A manual bonus (加分), deduction (扣分) or grade cap (等次限制) line; a reason is required."""

    __tablename__ = "assessment_adjustments"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    department: Mapped[Department] = relationship(lazy="joined")
    kind: Mapped[str] = mapped_column(String(20))  # bonus / deduction / grade_cap
    item: Mapped[str] = mapped_column(String(40))  # a key of the scheme's items or caps
    level: Mapped[str | None] = mapped_column(String(20))  # for items scored by level
    count: Mapped[int] = mapped_column(Integer, default=1)
    reason: Mapped[str] = mapped_column(String(500))
    document: Mapped[str] = mapped_column(String(200), default="")  # 依据 (document number or file)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ScorecardFile(db.Model):
    """A rendered PDF kept for download; `digest` is the hash of the data it was rendered from."""

    __tablename__ = "assessment_scorecard_files"
    __table_args__ = (UniqueConstraint("year", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    key: Mapped[str] = mapped_column(String(20))  # "dept-<id>" or "summary"
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    digest: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    rendered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
