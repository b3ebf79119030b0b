"""Audit log pages: search (office: business events only; auditor: all), CSV export and chain check."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, render_template, request, stream_with_context
from flask_login import current_user
from sqlalchemy import Select, func, select

from supervision.audit.filters import AuditFilter
from supervision.audit.labels import ACTION_LABELS, CATEGORY_LABELS, RESULT_LABELS, action_label, object_label
from supervision.audit.models import AuditEvent
from supervision.audit.names import actor_name, display_names
from supervision.audit.services import record_export, verify_chain
from supervision.audit.visibility import filter_for, visible_actions
from supervision.clock import SHANGHAI
from supervision.db import deferred_reads, write_lock
from supervision.extensions import db
from supervision.labels import change_rows
from supervision.listing import parse_page
from supervision.permissions import require_role
from supervision.spreadsheets import csv_chunks as spreadsheet_csv_chunks

bp = Blueprint("audit", __name__, url_prefix="/audit")

PER_PAGE = 50
EXPORT_CHUNK = 500
SNIPPET_CHARS = 200  # a longer value is cut on the page (the whole of it on hover and in the export)

CSV_HEADERS = ["时间", "用户", "部门", "IP", "操作", "对象类型", "对象", "结果", "变更前", "变更后", "说明", "哈希"]


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


def csv_row(event: AuditEvent) -> list[Any]:
    """One event as CSV cells (the spreadsheet writer guards them against formulas)."""
    moment = local_time(event.occurred_at)
    return [
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


def csv_chunks(query: Select) -> Iterator[bytes]:
    """The CSV in UTF-8 with a BOM (for Excel), a few hundred rows per chunk."""
    with deferred_reads():  # the request's teardown has run: keep this read transaction deferred
        events = db.session.scalars(query.execution_options(yield_per=EXPORT_CHUNK))
    yield from spreadsheet_csv_chunks(CSV_HEADERS, (csv_row(e) for e in events), chunk_rows=EXPORT_CHUNK)


def event_changes(event: AuditEvent):
    """The event's before and after as rows of (field, before, after) in words."""
    return change_rows(event.object_type, event.before, event.after, extra={"action": ACTION_LABELS})


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def content_disposition(name: str, fallback: str) -> str:
    """An attachment header with an ASCII name and the real one per RFC 5987."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def current_filter() -> AuditFilter:
    return filter_for(current_user, request.args)


COUNT_LIMIT = 1_000


def bounded_count(query: Select, page) -> tuple[int, bool]:
    """How many events match, counted up to COUNT_LIMIT (and whether the count stopped there). A page that
    is not full is the last one, so its number tells the total without a second scan of the log (a search
    that matches little would otherwise read the whole log twice)."""
    if len(page.items) < PER_PAGE and (page.items or page.page == 1):
        total = (page.page - 1) * PER_PAGE + len(page.items)
        return min(total, COUNT_LIMIT), total > COUNT_LIMIT
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
        "change_rows": event_changes,
        "snippet": snippet,
        "actor_name": actor_name,
    }


@bp.route("/")
@require_role("office", "auditor")
def index():
    """The searchable audit log, newest first."""
    f = current_filter()
    page = db.paginate(f.query(), page=parse_page(), per_page=PER_PAGE, error_out=False, count=False)
    page.total, capped = bounded_count(f.query(), page)
    export_args = {k: v for k, v in request.args.items() if k != "page"}
    names = display_names(e.user_id for e in page.items)
    return render_template(
        "audit/index.html",
        page=page,
        f=f,
        actions=visible_actions(f),
        export_args=export_args,
        capped=capped,
        names=names,
    )


@bp.route("/export.csv")
@require_role("office", "auditor")
def export_csv():
    """Stream the filtered log as CSV; the export itself is audited."""
    f = current_filter()
    with write_lock(db.session):
        record_export(f.as_dict(), "csv")
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
