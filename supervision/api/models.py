"""API tokens: one per external system, stored as a SHA-256 hash of the secret."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.accounts.models import Department, User
from supervision.db import utcnow
from supervision.extensions import db

SCOPES = ("read", "write")
SCOPE_LABELS = {"read": "只读", "write": "读写"}


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))  # the first characters, shown to tell tokens apart
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    department_rows: Mapped[list[ApiTokenDepartment]] = relationship(
        back_populates="token", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def departments(self) -> list[Department]:
        return [row.department for row in self.department_rows]

    @property
    def department_ids(self) -> set[int]:
        return {row.department_id for row in self.department_rows}

    @property
    def scope_label(self) -> str:
        return SCOPE_LABELS.get(self.scope, self.scope)

    def can_write(self) -> bool:
        return self.scope == "write"


class ApiTokenDepartment(db.Model):
    """A department the token may act for; a token without any reads the city-wide data only."""

    __tablename__ = "api_token_departments"
    __table_args__ = (UniqueConstraint("token_id", "department_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_tokens.id", ondelete="CASCADE"), index=True)
    token: Mapped[ApiToken] = relationship(back_populates="department_rows")
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    department: Mapped[Department] = relationship(lazy="joined")
