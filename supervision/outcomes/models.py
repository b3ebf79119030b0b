"""Outcome notices: one row per decision and recipient, read by the bell at once and mailed once a day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.accounts.models import User
from supervision.db import utcnow
from supervision.extensions import db

# In the order the bell and the e-mail list them: what needs the unit's work first.
OUTCOME_LABELS = {
    "report_returned": "报告被退回",
    "head_returned": "部门负责人退回报告",
    "evidence_rejected": "佐证材料不采信",
    "report_approved": "报告审核通过",
    "head_approved": "部门负责人审核通过",
    "evidence_accepted": "佐证材料已采信",
    "assessment_published": "考核结果发布",
    "appeal_decided": "复核结果",
}
NOTIFICATION_KIND = "outcome"  # the kind of the in-app notification and of the outbox messages


class OutcomeNotice(db.Model):
    """What a decision told one user; `mailed_on` is the day of the e-mail that carried it (NULL: not yet)."""

    __tablename__ = "outcome_notices"
    __table_args__ = (Index("ix_outcome_notices_user_id_day", "user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    user: Mapped[User] = relationship(lazy="joined")
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    day: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    path: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    mailed_on: Mapped[date | None] = mapped_column(Date, index=True)

    @property
    def kind_label(self) -> str:
        return OUTCOME_LABELS.get(self.kind, "审核结果")
