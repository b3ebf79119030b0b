"""A milestone's history on its page: the audit events of the milestone and of its report, in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from supervision.audit.labels import action_label
from supervision.audit.models import AuditEvent
from supervision.audit.names import actor_name, display_names
from supervision.extensions import db
from supervision.labels import value_text
from supervision.milestones.models import Milestone
from supervision.reports.models import Report

HISTORY_LIMIT = 100


@dataclass(frozen=True)
class HistoryLine:
    occurred_at: datetime
    actor: str  # the user's display name, 系统 for a job
    action: str  # e.g. 报送进展报告
    status: str | None  # the state it led to, e.g. 待办公室审核


def milestone_history(milestone: Milestone, report: Report | None, limit: int = HISTORY_LIMIT) -> list[HistoryLine]:
    """The latest events first, read through the (object_type, object_id) index."""
    objects = [("milestone", str(milestone.id))] + ([("report", str(report.id))] if report else [])
    events = list(
        db.session.scalars(
            select(AuditEvent)
            .where(or_(*[(AuditEvent.object_type == kind) & (AuditEvent.object_id == key) for kind, key in objects]))
            .order_by(AuditEvent.id.desc())
            .limit(limit)
        )
    )
    names = display_names(e.user_id for e in events)
    return [
        HistoryLine(
            e.occurred_at,
            actor_name(e, names),
            action_label(e.action),
            value_text(e.object_type, "status", e.after["status"]) if e.after and e.after.get("status") else None,
        )
        for e in events
    ]
