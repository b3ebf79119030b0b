"""Audit log pages: search (office: business events only; auditor: all), CSV export and chain check."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import quote

from flask import Response, render_template, request, stream_with_context
from flask_login import current_user
from sqlalchemy import Select, func, or_, select

from supervision.audit import bp
from supervision.audit.models import AuditEvent
from supervision.audit.services import record_event, verify_chain
from supervision.db import write_intent
from supervision.extensions import db
from supervision.permissions import require_role
from supervision.templating import SHANGHAI

PER_PAGE = 50
EXPORT_CHUNK = 500
SNIPPET_CHARS = 200

ACTION_LABELS = {
    "auth.login": "登录",
    "auth.logout": "退出",
    "user.create": "创建用户",
    "user.password": "修改密码",
    "user.deactivate": "停用用户",
    "department.seed": "导入部门",
    "task.import": "导入任务",
    "task.assign": "交办",
    "task.demo_assign": "演示交办",
    "plan.export": "导出规划",
    "audit.export": "导出日志",
}
RESULT_LABELS = {"success": "成功", "failure": "失败", "denied": "拒绝"}
CATEGORY_LABELS = {"business": "业务", "security": "安全"}
OBJECT_LABELS = {"user": "用户", "department": "部门", "task": "任务", "plan": "规划", "audit": "操作日志"}
CSV_HEADERS = ["时间", "用户", "部门", "IP", "操作", "对象类型", "对象", "结果", "变更前", "变更后", "说明", "哈希"]
CSV_INJECTION_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


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
        try:
            if not _DATE.fullmatch(raw):
                raise ValueError(raw)
            return date.fromisoformat(raw)
        except ValueError:
            self.errors.append(f"{label}“{raw}”无效，请按 YYYY-MM-DD 格式填写（如 2025-03-01）；已忽略该条件。")
            return None

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


def local_time(moment: datetime | None) -> datetime | None:
    """The moment in Asia/Shanghai (SQLite hands back naive UTC)."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(SHANGHAI)


def compact_json(value: Any) -> str:
    """One-line JSON with Chinese kept readable; empty for no value."""
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def object_label(object_type: str | None) -> str:
    return OBJECT_LABELS.get(object_type or "", object_type or "")


def csv_cell(value: Any) -> str:
    """A cell that spreadsheets will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_INJECTION_PREFIXES) else text


def csv_row(event: AuditEvent) -> list[str]:
    moment = local_time(event.occurred_at)
    cells = [
        moment.strftime("%Y-%m-%d %H:%M:%S") if moment else "",
        event.username,
        event.department,
        event.ip,
        action_label(event.action),
        object_label(event.object_type),
        event.object_id,
        RESULT_LABELS.get(event.result, event.result),
        compact_json(event.before),
        compact_json(event.after),
        event.detail,
        event.hash,
    ]
    return [csv_cell(cell) for cell in cells]


def csv_chunks(query: Select) -> Iterator[bytes]:
    """The CSV in UTF-8 with a BOM (for Excel), a few hundred rows per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(CSV_HEADERS)
    token = write_intent.set(False)  # the request's teardown has run: keep this read transaction deferred
    try:
        events = db.session.scalars(query.execution_options(yield_per=EXPORT_CHUNK))
    finally:
        write_intent.reset(token)
    for n, event in enumerate(events, start=1):
        writer.writerow(csv_row(event))
        if n % EXPORT_CHUNK == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def content_disposition(name: str, fallback: str) -> str:
    """An attachment header with an ASCII name and the real one per RFC 5987."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def current_filter() -> AuditFilter:
    return AuditFilter.from_args(request.args, business_only=not current_user.has_role("auditor"))


def visible_actions(f: AuditFilter) -> list[str]:
    """The known actions (no scan of the log: its size must not slow the page down)."""
    actions = set(ACTION_LABELS)
    if f.business_only:
        actions = {a for a in actions if not a.startswith(SECURITY_ACTION_PREFIXES)}
    return sorted(actions | ({f.action} if f.action else set()))


SECURITY_ACTION_PREFIXES = ("auth.", "user.", "security.", "audit.")


COUNT_LIMIT = 10_000


def bounded_count(query: Select) -> tuple[int, bool]:
    """How many events match, counted up to COUNT_LIMIT (and whether the count stopped there)."""
    limited = query.order_by(None).with_only_columns(AuditEvent.id).limit(COUNT_LIMIT + 1).subquery()
    total = db.session.scalar(select(func.count()).select_from(limited))
    return min(total, COUNT_LIMIT), total > COUNT_LIMIT


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {
        "action_label": action_label,
        "object_label": object_label,
        "result_labels": RESULT_LABELS,
        "category_labels": CATEGORY_LABELS,
        "local_time": local_time,
        "compact_json": compact_json,
        "snippet": snippet,
    }


@bp.route("/")
@require_role("office", "auditor")
def index():
    """The searchable audit log, newest first."""
    f = current_filter()
    page = db.paginate(f.query(), per_page=PER_PAGE, error_out=False, count=False)
    page.total, capped = bounded_count(f.query())
    export_args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "audit/index.html", page=page, f=f, actions=visible_actions(f), export_args=export_args, capped=capped
    )


@bp.route("/export.csv")
@require_role("office", "auditor")
def export_csv():
    """Stream the filtered log as CSV; the export itself is audited."""
    f = current_filter()
    db.session.commit()  # end this GET's deferred read transaction, then write with the lock taken at once
    token = write_intent.set(True)
    try:
        record_event(
            "audit.export", object_type="audit", after={"filters": f.as_dict()}, category="security", detail="csv"
        )
        db.session.commit()
    finally:
        write_intent.reset(token)
    stamp = datetime.now(SHANGHAI).strftime("%Y%m%d")
    response = Response(stream_with_context(csv_chunks(f.query())), mimetype="text/csv")
    response.headers["Content-Disposition"] = content_disposition(f"操作日志_{stamp}.csv", f"audit_log_{stamp}.csv")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/verify")
@require_role("auditor")
def verify():
    """Check the hash chain of the whole log."""
    count, problems = verify_chain()
    return render_template("audit/verify.html", count=count, problems=problems)
