"""Departments, users and their roles."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from supervision.db import TimestampMixin, utcnow
from supervision.extensions import db


class DepartmentKind(enum.StrEnum):
    municipal = "municipal"
    district = "district"
    group = "group"
    enterprise = "enterprise"
    other = "other"


DEPARTMENT_KIND_LABELS = {
    DepartmentKind.municipal: "市级部门",
    DepartmentKind.district: "区、县(市)",
    DepartmentKind.group: "统称单位",
    DepartmentKind.enterprise: "企业",
    DepartmentKind.other: "其他单位",
}


class Role(enum.StrEnum):
    office = "office"
    liaison = "liaison"
    dept_head = "dept_head"
    leader = "leader"
    sysadmin = "sysadmin"
    secadmin = "secadmin"
    auditor = "auditor"
    district_office = "district_office"


BUSINESS_ROLES = frozenset({Role.office, Role.liaison, Role.dept_head, Role.leader, Role.district_office})
# 三员: system, security and audit administrators; each account holds at most one of them and nothing else.
ADMIN_ROLES = frozenset({Role.sysadmin, Role.secadmin, Role.auditor})

ROLE_LABELS = {
    Role.office: "领导小组办公室",
    Role.liaison: "部门联络员",
    Role.dept_head: "部门负责人",
    Role.leader: "领导",
    Role.sysadmin: "系统管理员",
    Role.secadmin: "安全管理员",
    Role.auditor: "审计员",
    Role.district_office: "区健康办",
}


class Department(TimestampMixin, db.Model):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(20), default=DepartmentKind.municipal.value)
    aliases: Mapped[list[DepartmentAlias]] = relationship(
        back_populates="department", cascade="all, delete-orphan", order_by="DepartmentAlias.alias"
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    requires_head_approval: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def kind_label(self) -> str:
        return DEPARTMENT_KIND_LABELS.get(DepartmentKind(self.kind), self.kind)

    @property
    def alias_names(self) -> list[str]:
        return [a.alias for a in self.aliases]

    def __repr__(self) -> str:
        return f"<Department {self.name}>"


class DepartmentAlias(db.Model):
    __tablename__ = "department_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(100), unique=True)
    department: Mapped[Department] = relationship(back_populates="aliases")


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    department: Mapped[Department] = relationship(lazy="joined")
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    session_token: Mapped[str] = mapped_column(String(64))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)  # a code's time step is accepted once
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failures_reset_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True)
    )  # failures before it don't count
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> set[str]:
        return {r.role for r in self.role_rows}

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & {str(r) for r in roles})

    @property
    def role_labels(self) -> list[str]:
        return [ROLE_LABELS[Role(r)] for r in sorted(self.roles)]

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        # The session token is part of the id, so a password change or deactivation ends old sessions.
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20), index=True)
    user: Mapped[User] = relationship(back_populates="role_rows")


class PasswordHistory(db.Model):
    """Hashes of a user's recent passwords, so that none of the last few is chosen again."""

    __tablename__ = "password_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AccountActivation(db.Model):
    """A one-time link that lets a new user set the first password; only the token's hash is kept."""

    __tablename__ = "account_activations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    user: Mapped[User] = relationship()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
