"""A milestone's history on its page: the audit events of the milestone and of its report."""

from __future__ import annotations

from sqlalchemy import or_, select

from supervision.audit.models import AuditEvent
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.reports.models import Report

HISTORY_LIMIT = 100


def milestone_history(milestone: Milestone, report: Report | None, limit: int = HISTORY_LIMIT) -> list[AuditEvent]:
    """The latest events first, read through the (object_type, object_id) index."""
    objects = [("milestone", str(milestone.id))] + ([("report", str(report.id))] if report else [])
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(or_(*[(AuditEvent.object_type == kind) & (AuditEvent.object_id == key) for kind, key in objects]))
            .order_by(AuditEvent.id.desc())
            .limit(limit)
        )
    )
