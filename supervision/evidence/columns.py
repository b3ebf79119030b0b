"""The columns of a file attached to another domain's record (整改、复核申请、问责、指标数值).

Each domain keeps its own table of attached files, with its own parent key and read rule; the bytes
live in the evidence storage by content hash (`supervision.evidence.attached` stores and sends them).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from supervision.db import utcnow


class AttachedFileColumns:
    """Mixin: the safe display name, content hash, size, type and who uploaded the file when."""

    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(20))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
