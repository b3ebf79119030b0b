"""Reviews (审核): the department head's and the office's decisions on a report."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.accounts.models import User
from supervision.db import utcnow
from supervision.extensions import db


class Review(db.Model):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(20), default="office")  # dept_head / office
    outcome: Mapped[str] = mapped_column(String(20))  # approved / returned
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reviewer: Mapped[User] = relationship(lazy="joined")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
