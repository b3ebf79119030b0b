"""Where a 整改 item comes from: a 督办通知单, a returned report, a 通报 point, an assessment deduction.

A source is (kind, id). Notices, reports and assessments are resolved here; other domains (通报) register a
resolver at the hook point RESOLVE_SOURCE: `resolver(kind, source_id)` returns a Source or None.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from supervision.assessment.models import Assessment
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.hooks import hooks_for
from supervision.rectification.models import SOURCE_LABELS
from supervision.reminders.models import SupervisionNotice
from supervision.reports.models import Report
from supervision.reviews.models import Review

RESOLVE_SOURCE = "rectification.source"


@dataclass(frozen=True)
class Source:
    kind: str
    id: int | None
    label: str
    department_ids: tuple[int, ...]  # the departments the source concerns; empty: any department


def _notice(source_id: int) -> Source | None:
    notice = db.session.get(SupervisionNotice, source_id)
    if notice is None:
        return None
    task = notice.milestone.task
    label = f"{notice.code}（{task.kind_label}{task.number} {task.name} · {notice.milestone.title}）"
    return Source("notice", notice.id, label, (notice.department_id,))


def _report(source_id: int) -> Source | None:
    report = db.session.get(Report, source_id)
    if report is None:
        return None
    returned = db.session.scalar(
        select(Review.id).where(Review.report_id == report.id, Review.outcome == "returned").limit(1)
    )
    if returned is None:
        raise DomainError("该报告未被退回过，不能据此发起整改。")
    task = report.milestone.task
    label = f"退回的报告：{task.kind_label}{task.number} {task.name} · {report.milestone.title}"
    return Source("report", report.id, label, tuple(d.id for d in task.lead_departments))


def _deduction(source_id: int) -> Source | None:
    row = db.session.get(Assessment, source_id)
    if row is None:
        return None
    return Source("deduction", row.id, f"{row.year} 年度考核扣分（{row.department.name}）", (row.department_id,))


RESOLVERS = {"notice": _notice, "report": _report, "deduction": _deduction}


def resolve_source(kind: str, source_id: int | None, label: str = "") -> Source:
    """The source of a new item; refused when it does not exist. Unresolved kinds keep the label given."""
    if kind not in SOURCE_LABELS:
        raise DomainError("整改来源无效。")
    if kind == "other" or source_id is None:
        if kind in RESOLVERS:
            raise DomainError(f"请指明所依据的{SOURCE_LABELS[kind]}。")
        return Source(kind, None, label.strip(), ())
    resolver = RESOLVERS.get(kind)
    found = resolver(source_id) if resolver else None
    for hook in hooks_for(RESOLVE_SOURCE) if found is None else ():
        found = hook(kind, source_id)
        if found is not None:
            break
    if found is None and kind in RESOLVERS:
        raise DomainError(f"所依据的{SOURCE_LABELS[kind]}不存在。")
    return found or Source(kind, source_id, label.strip() or f"{SOURCE_LABELS[kind]}（编号 {source_id}）", ())
