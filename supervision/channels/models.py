"""A department's message channels: where its robot or gateway is, with the address and secret encrypted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.accounts.models import Department
from supervision.extensions import db

KIND_LABELS = {
    "dingtalk": "钉钉 / 浙政钉机器人",
    "wecom": "企业微信群机器人",
    "webhook": "通用 Webhook",
    "sms": "短信网关",
}


class DepartmentChannel(db.Model):
    """One channel of a department (at most one of each kind). The URL holds the robot's token and the
    secret signs its messages: both are stored encrypted (supervision/channels/secrets.py)."""

    __tablename__ = "department_channels"
    __table_args__ = (UniqueConstraint("department_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"), index=True)
    department: Mapped[Department] = relationship(lazy="joined")
    kind: Mapped[str] = mapped_column(String(20))  # dingtalk / wecom / webhook / sms
    url_sealed: Mapped[str] = mapped_column(Text)
    url_hint: Mapped[str] = mapped_column(String(200))  # scheme, host and path: what the page shows
    secret_sealed: Mapped[str | None] = mapped_column(Text)
    options: Mapped[dict] = mapped_column(JSON, default=dict)  # the SMS gateway's template and field names
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def has_secret(self) -> bool:
        return self.secret_sealed is not None
