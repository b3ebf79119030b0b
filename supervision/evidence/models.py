"""Evidence files (佐证材料): metadata rows; the bytes live in EvidenceStorage by content hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.accounts.models import Department, User
from supervision.db import utcnow
from supervision.extensions import db
from supervision.milestones.models import Milestone

VERDICT_LABELS = {None: "待审核", "accepted": "采信", "rejected": "不采信"}


class Evidence(db.Model):
    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestones.id", ondelete="CASCADE"), index=True)
    milestone: Mapped[Milestone] = relationship(lazy="joined")
    contribution_id: Mapped[int | None] = mapped_column(ForeignKey("contributions.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    department: Mapped[Department] = relationship(lazy="joined")
    uploader_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploader: Mapped[User] = relationship(lazy="joined", foreign_keys=[uploader_id])
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(20))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    verdict: Mapped[str | None] = mapped_column(String(20))
    verdict_reason: Mapped[str | None] = mapped_column(String(500))
    verdict_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS.get(self.verdict, self.verdict or "")
