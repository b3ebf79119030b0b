"""Local calendar exceptions the office enters, and the State Council's yearly schedules it enters."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.db import TimestampMixin
from supervision.extensions import db


class CalendarException(db.Model):
    """A local exception to the official calendar entered by the office."""

    __tablename__ = "calendar_exceptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # holiday / workday
    note: Mapped[str | None] = mapped_column(String(200))


class YearSchedule(TimestampMixin, db.Model):
    """A year's holiday arrangement as the State Council's notice publishes it; overrides chinesecalendar."""

    __tablename__ = "calendar_schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    source: Mapped[str] = mapped_column(String(300))  # the notice's title
    entries: Mapped[list[ScheduleEntry]] = relationship(
        back_populates="schedule", cascade="all, delete-orphan", order_by="ScheduleEntry.start_day"
    )

    @property
    def holidays(self) -> list[ScheduleEntry]:
        return [e for e in self.entries if e.kind == "holiday"]

    @property
    def workdays(self) -> list[date]:
        return sorted(e.start_day for e in self.entries if e.kind == "workday")


class ScheduleEntry(db.Model):
    """A holiday period (name, start to end) or a make-up working day (start_day) of a year's schedule."""

    __tablename__ = "calendar_schedule_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("calendar_schedules.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # holiday / workday
    name: Mapped[str | None] = mapped_column(String(50))
    start_day: Mapped[date] = mapped_column(Date)
    end_day: Mapped[date] = mapped_column(Date)
    schedule: Mapped[YearSchedule] = relationship(back_populates="entries")
