"""Reading bulletins: by period, who may read which, the reports to quote, the document as it reads now."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, select

from supervision.bulletins.document import BulletinDocument, Excerpt, build_document, default_texts
from supervision.bulletins.facts import bulletin_facts, period_bounds
from supervision.bulletins.models import Bulletin, BulletinFile, BulletinRecipient
from supervision.errors import NotFound, PermissionDenied
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.reports.models import Report


def bulletin_for_period(kind: str, year: int, period: int) -> Bulletin | None:
    return db.session.scalar(
        select(Bulletin).where(Bulletin.year == year, Bulletin.period_kind == kind, Bulletin.period == period)
    )


def bounds_of(bulletin: Bulletin) -> tuple[date, date]:
    return period_bounds(bulletin.period_kind, bulletin.year, bulletin.period)


def candidate_reports(bulletin: Bulletin) -> list[Report]:
    """Approved reports of milestones due within the period: where the office picks good practice from."""
    start, end = bounds_of(bulletin)
    return list(
        db.session.scalars(
            select(Report)
            .join(Milestone, Milestone.id == Report.milestone_id)
            .where(Report.status == "approved", Milestone.due_date >= start, Milestone.due_date <= end)
            .order_by(Milestone.due_date, Report.id)
        ).unique()
    )


def excerpts_of(bulletin: Bulletin | None) -> list[Excerpt]:
    lines = []
    for e in bulletin.excerpts if bulletin else []:
        task = e.report.milestone.task
        names = "、".join(d.name for d in task.lead_departments) or "未交办"
        lines.append(Excerpt(names, f"{task.kind_label}{task.number} {task.name}", e.text))
    return lines


def period_document(kind: str, year: int, period: int) -> BulletinDocument:
    """The period's bulletin as it reads now: the draft's texts if one exists, else the generated ones."""
    bulletin = bulletin_for_period(kind, year, period) or Bulletin(year=year, period_kind=kind, period=period)
    facts = bulletin_facts(*bounds_of(bulletin))
    texts = bulletin.texts or default_texts(bulletin.period_label, facts)
    return build_document(bulletin.code, bulletin.period_label, facts, texts, excerpts_of(bulletin), bulletin.issued_on)


def bulletin_document(bulletin: Bulletin) -> BulletinDocument:
    return period_document(bulletin.period_kind, bulletin.year, bulletin.period)


def reads_every_bulletin(user) -> bool:
    return user.has_role("office")


def readable_bulletins(user) -> Select:
    """Newest first: every one for the office, the issued ones for leaders, those addressed to a department."""
    statement = select(Bulletin).order_by(
        Bulletin.year.desc(), Bulletin.period_kind, Bulletin.period.desc(), Bulletin.id.desc()
    )
    if reads_every_bulletin(user):
        return statement
    statement = statement.where(Bulletin.status == "issued")
    if user.has_role("leader"):
        return statement
    addressed = select(BulletinRecipient.bulletin_id).where(BulletinRecipient.department_id == user.department_id)
    return statement.where(Bulletin.id.in_(addressed))


def may_read_bulletin(user, bulletin: Bulletin) -> bool:
    if reads_every_bulletin(user):
        return True
    if not bulletin.issued:
        return False
    return user.has_role("leader") or any(r.department_id == user.department_id for r in bulletin.recipients)


def readable_bulletin_or_404(user, bulletin_id: int) -> Bulletin:
    """The bulletin if `user` may read it; a draft or another department's bulletin is refused."""
    bulletin = db.session.get(Bulletin, bulletin_id)
    if bulletin is None:
        raise NotFound("通报不存在。")
    if not may_read_bulletin(user, bulletin):
        raise PermissionDenied("该通报未主送您所在的单位。")
    return bulletin


def stored_file(bulletin: Bulletin, fmt: str) -> bytes | None:
    return db.session.scalar(
        select(BulletinFile.content).where(BulletinFile.bulletin_id == bulletin.id, BulletinFile.fmt == fmt)
    )
