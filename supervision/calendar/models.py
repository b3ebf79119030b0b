"""Local calendar exceptions the office enters (extra holidays and working days)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from supervision.extensions import db


class CalendarException(db.Model):
    """A local exception to the official calendar entered by the office."""

    __tablename__ = "calendar_exceptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # holiday / workday
    note: Mapped[str | None] = mapped_column(String(200))
