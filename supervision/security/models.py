"""The security policy that the security administrator (secadmin) sets: one row, read on every request."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer
from sqlalchemy.orm import Mapped, mapped_column

from supervision.db import utcnow
from supervision.extensions import db

# field -> (default, minimum, maximum, Chinese label); the form, the service and the defaults read this table.
POLICY_FIELDS: dict[str, tuple[int, int, int, str]] = {
    "max_failures": (5, 3, 20, "连续登录失败锁定阈值（次）"),
    "failure_window_minutes": (10, 1, 1440, "失败次数统计时段（分钟）"),
    "lockout_minutes": (15, 1, 1440, "锁定时长（分钟）"),
    "ip_max_failures": (30, 5, 1000, "同一 IP 在统计时段内允许的失败次数"),
    "idle_timeout_minutes": (30, 5, 240, "会话空闲超时（分钟）"),
    "absolute_timeout_hours": (12, 1, 24, "会话最长时间（小时）"),
    "admin_password_max_age_days": (90, 0, 365, "管理员密码有效期（天，0 为不过期）"),
    "user_password_max_age_days": (0, 0, 365, "其他用户密码有效期（天，0 为不过期）"),
}


class SecurityPolicy(db.Model):
    __tablename__ = "security_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    max_failures: Mapped[int] = mapped_column(Integer, default=POLICY_FIELDS["max_failures"][0])
    failure_window_minutes: Mapped[int] = mapped_column(Integer, default=POLICY_FIELDS["failure_window_minutes"][0])
    lockout_minutes: Mapped[int] = mapped_column(Integer, default=POLICY_FIELDS["lockout_minutes"][0])
    ip_max_failures: Mapped[int] = mapped_column(Integer, default=POLICY_FIELDS["ip_max_failures"][0])
    idle_timeout_minutes: Mapped[int] = mapped_column(Integer, default=POLICY_FIELDS["idle_timeout_minutes"][0])
    absolute_timeout_hours: Mapped[int] = mapped_column(Integer, default=POLICY_FIELDS["absolute_timeout_hours"][0])
    admin_password_max_age_days: Mapped[int] = mapped_column(
        Integer, default=POLICY_FIELDS["admin_password_max_age_days"][0]
    )
    user_password_max_age_days: Mapped[int] = mapped_column(
        Integer, default=POLICY_FIELDS["user_password_max_age_days"][0]
    )
    require_2fa_for_all: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(Integer)

    @classmethod
    def defaults(cls) -> SecurityPolicy:
        """The policy in force while the secadmin has not saved one (not added to the session)."""
        values = {name: spec[0] for name, spec in POLICY_FIELDS.items()}
        return cls(id=1, require_2fa_for_all=False, **values)
