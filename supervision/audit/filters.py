"""The search of the audit log page and its export, read from the query string."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, or_, select

from supervision.audit.labels import CATEGORY_LABELS, RESULT_LABELS
from supervision.audit.models import AuditEvent
from supervision.clock import SHANGHAI
from supervision.validation import parse_date


@dataclass
class AuditFilter:
    """The search of the log page and the export, read from the query string."""

    q: str = ""
    action: str = ""
    user: str = ""
    result: str = ""
    category: str = ""
    date_from: date | None = None
    date_to: date | None = None
    raw_from: str = ""
    raw_to: str = ""
    business_only: bool = True
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args, *, business_only: bool) -> AuditFilter:
        """Parse the filters; an office reader is held to business events whatever the query says."""
        f = cls(
            q=args.get("q", "").strip()[:100],
            action=args.get("action", "").strip()[:64],
            user=args.get("user", "").strip()[:64],
            result=args.get("result", "") if args.get("result") in RESULT_LABELS else "",
            category=args.get("category", "") if args.get("category") in CATEGORY_LABELS else "",
            raw_from=args.get("date_from", "").strip()[:20],
            raw_to=args.get("date_to", "").strip()[:20],
            business_only=business_only,
        )
        if business_only:
            f.category = "business"
        f.date_from = f._parse_date(f.raw_from, "开始日期")
        f.date_to = f._parse_date(f.raw_to, "结束日期")
        if f.date_from and f.date_to and f.date_from > f.date_to:
            f.errors.append("开始日期晚于结束日期，请调整日期范围。")
        return f

    def _parse_date(self, raw: str, label: str) -> date | None:
        if not raw:
            return None
        day = parse_date(raw)
        if day is None:
            self.errors.append(f"{label}“{raw}”无效，请按 YYYY-MM-DD 格式填写（如 2025-03-01）；已忽略该条件。")
        return day

    @property
    def active(self) -> bool:
        return any([self.q, self.action, self.user, self.result, self.date_from, self.date_to]) or (
            bool(self.category) and not self.business_only
        )

    def as_dict(self) -> dict[str, str]:
        """The effective filters, for the export's own audit record."""
        values = {
            "q": self.q,
            "action": self.action,
            "user": self.user,
            "result": self.result,
            "category": self.category,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
        }
        return {k: v for k, v in values.items() if v}

    def query(self) -> Select:
        """Matching events, newest first."""
        query = select(AuditEvent).order_by(AuditEvent.id.desc())
        if self.category:
            query = query.where(AuditEvent.category == self.category)
        if self.action:
            query = query.where(AuditEvent.action == self.action)
        if self.user:
            query = query.where(AuditEvent.username == self.user)
        if self.result:
            query = query.where(AuditEvent.result == self.result)
        if self.date_from:
            query = query.where(AuditEvent.occurred_at >= _day_start_utc(self.date_from))
        if self.date_to:
            query = query.where(AuditEvent.occurred_at < _day_start_utc(self.date_to + timedelta(days=1)))
        if self.q:
            pattern = "%" + self.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            columns = (AuditEvent.username, AuditEvent.action, AuditEvent.object_id, AuditEvent.detail)
            query = query.where(or_(*(column.like(pattern, escape="\\") for column in columns)))
        return query


def _day_start_utc(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=SHANGHAI).astimezone(UTC)
