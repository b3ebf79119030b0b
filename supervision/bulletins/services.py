"""Bulletins: draft one for a period from the data, edit its sections and good-practice excerpts, issue it
(numbered, stored as PDF and Word, sent to the departments concerned through the outbox). All audited."""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import func, select, text

from supervision.accounts.models import Department
from supervision.audit.services import record_event
from supervision.bulletins.document import SECTIONS, build_document, default_texts, render_files
from supervision.bulletins.facts import bulletin_facts, period_bounds
from supervision.bulletins.models import PERIOD_LABELS, Bulletin, BulletinExcerpt, BulletinFile, BulletinRecipient
from supervision.bulletins.queries import bounds_of, bulletin_for_period, candidate_reports, excerpts_of
from supervision.districts.units import district_units, is_collective
from supervision.errors import Conflict, DomainError
from supervision.extensions import db
from supervision.reminders.dispatch import Queued, queue_letters
from supervision.reminders.letters import SUBJECT_PREFIX, Letter, Line, Section, site_path
from supervision.reminders.recipients import Recipients
from supervision.reports.models import Report
from supervision.validation import MAX_YEAR, MIN_YEAR, InvalidInput, check_text

MAX_TEXT = 5000
MAX_EXCERPT = 1000
ISSUE_LOCK = 7243031  # PostgreSQL advisory lock: one issue (and its number) at a time


def check_period(kind: str, year: int | None, period: int | None, today: date) -> tuple[str, int, int]:
    """(kind, year, period) of an ended month, quarter or year; refused with a Chinese message otherwise."""
    if kind not in PERIOD_LABELS:
        raise InvalidInput("请选择通报类型：月度、季度或年度。")
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInput(f"请填写有效的年份（{MIN_YEAR}—{MAX_YEAR}）。")
    if kind == "year":
        period = 0
    elif period is None or not 1 <= period <= (12 if kind == "month" else 4):
        raise InvalidInput("请选择有效的月份（1—12）。" if kind == "month" else "请选择有效的季度（1—4）。")
    if period_bounds(kind, year, period)[1] >= today:
        raise InvalidInput("该期间尚未结束，通报须在期末之后按期末数据起草。")
    return kind, year, period


def last_ended_quarter(today: date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3
    return (today.year, quarter) if quarter else (today.year - 1, 4)


def draft_bulletin(kind: str, year: int | None, period: int | None, today: date, *, actor) -> Bulletin:
    """A draft for an ended period, its section texts written from the data as of the period's end."""
    kind, year, period = check_period(kind, year, period, today)
    if bulletin_for_period(kind, year, period) is not None:
        raise Conflict("该期通报已经起草，请在列表中打开它继续编辑。")
    bulletin = Bulletin(year=year, period_kind=kind, period=period, status="draft", texts={}, created_by=actor)
    bulletin.texts = default_texts(bulletin.period_label, bulletin_facts(*bounds_of(bulletin)))
    db.session.add(bulletin)
    db.session.flush()
    record_event(
        "bulletin.draft", object_type="bulletin", object_id=bulletin.id, after={"period": bulletin.period_label}
    )
    return bulletin


def _require_draft(bulletin: Bulletin) -> None:
    if bulletin.issued:
        raise Conflict(f"{bulletin.code}已印发，不能再修改。")


def save_texts(bulletin: Bulletin, texts: dict[str, str], *, actor) -> Bulletin:
    """Store the office's text of each section of a draft."""
    _require_draft(bulletin)
    new = {}
    for key, heading in SECTIONS.items():
        value = check_text((texts.get(key) or "").replace("\r\n", "\n").strip(), label=heading, multiline=True)
        if len(value) > MAX_TEXT:
            raise InvalidInput(f"“{heading}”不能超过 {MAX_TEXT} 字。")
        new[key] = value
    before = {k: v for k, v in bulletin.texts.items() if new.get(k) != v}
    bulletin.texts = new
    db.session.flush()
    record_event(
        "bulletin.edit",
        object_type="bulletin",
        object_id=bulletin.id,
        before=before,
        after={k: new[k] for k in before},
        user=actor,
    )
    return bulletin


def add_excerpt(bulletin: Bulletin, report: Report, excerpt: str, *, actor) -> BulletinExcerpt:
    """Quote a passage of an approved report of the period as good practice."""
    _require_draft(bulletin)
    if report not in candidate_reports(bulletin):
        raise DomainError("只能选录本期已通过审核的进展报告。")
    if any(e.report_id == report.id for e in bulletin.excerpts):
        raise Conflict("该报告已选录。")
    excerpt = check_text((excerpt or "").strip() or report.progress.strip()[:300], label="摘录", multiline=True)
    if not excerpt or len(excerpt) > MAX_EXCERPT:
        raise InvalidInput(f"摘录不能为空，且不能超过 {MAX_EXCERPT} 字。")
    row = BulletinExcerpt(report=report, text=excerpt)
    bulletin.excerpts.append(row)
    db.session.flush()
    record_event(
        "bulletin.excerpt", object_type="bulletin", object_id=bulletin.id, after={"report": report.id}, user=actor
    )
    return row


def remove_excerpt(bulletin: Bulletin, excerpt_id: int, *, actor) -> None:
    _require_draft(bulletin)
    row = next((e for e in bulletin.excerpts if e.id == excerpt_id), None)
    if row is None:
        raise DomainError("该摘录不存在或已移除。")
    bulletin.excerpts.remove(row)
    db.session.flush()
    record_event(
        "bulletin.excerpt", object_type="bulletin", object_id=bulletin.id, before={"report": row.report_id}, user=actor
    )


def _addressees(department_ids: set[int]) -> list[Department]:
    """The departments concerned; the collective 各区、县(市)政府 stands for every active district unit."""
    found: dict[int, Department] = {}
    for department in db.session.scalars(select(Department).where(Department.id.in_(department_ids))):
        for unit in district_units() if is_collective(department) else [department]:
            if unit.active:
                found.setdefault(unit.id, unit)
    return sorted(found.values(), key=lambda d: d.id)


def _letters(bulletin: Bulletin, departments: list[Department]) -> list[Letter]:
    people, seen, letters = Recipients(), set(), []
    line = Line(
        f"{bulletin.code}　{bulletin.period_label}健康杭州建设工作通报",
        site_path("bulletins.detail", bulletin_id=bulletin.id),
    )
    for department in departments:
        for user in people.department_staff(department.id):
            if user.id in seen:
                continue
            seen.add(user.id)
            letters.append(
                Letter(
                    user=user,
                    kind=f"bulletin_{bulletin.period_kind}",
                    subject=f"{SUBJECT_PREFIX}{bulletin.code}（{bulletin.period_label}工作通报）",
                    intro=f"健康办印发了{bulletin.period_label}健康杭州建设工作通报，请登录查阅并按通报要求抓好整改。",
                    sections=[Section("通报", [line])],
                )
            )
    return letters


def issue_bulletin(bulletin: Bulletin, today: date, *, actor) -> Queued:
    """Number the draft 健康办通〔year〕n号, store its PDF and Word files, address it and send it once."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ISSUE_LOCK})
    db.session.refresh(bulletin)
    _require_draft(bulletin)
    same_day = db.session.scalar(
        select(func.count())
        .select_from(Bulletin)
        .where(Bulletin.issued_on == today, Bulletin.period_kind == bulletin.period_kind, Bulletin.status == "issued")
    )
    if same_day:
        raise Conflict(f"今天已印发一期{bulletin.kind_label}，同类通报每天只能印发一期（通知按天发送），请明天再印发。")
    facts = bulletin_facts(*bounds_of(bulletin))
    departments = _addressees(facts.addressees)
    if not departments:
        raise DomainError("本期没有涉及的单位，无需印发通报。")
    number = db.session.scalar(
        select(func.coalesce(func.max(Bulletin.number), 0)).where(Bulletin.number_year == today.year)
    )
    bulletin.status, bulletin.number_year, bulletin.number = "issued", today.year, number + 1
    bulletin.issued_on, bulletin.issued_by_id = today, actor.id if actor else None
    doc = build_document(
        bulletin.code, bulletin.period_label, facts, bulletin.texts, excerpts_of(bulletin), bulletin.issued_on
    )
    for fmt, content in zip(("pdf", "docx"), render_files(doc), strict=True):
        digest = hashlib.sha256(content).hexdigest()
        db.session.add(
            BulletinFile(bulletin_id=bulletin.id, fmt=fmt, content=content, size=len(content), digest=digest)
        )
    bulletin.recipients = [BulletinRecipient(department=d) for d in departments]
    db.session.flush()
    queued = Queued()
    queue_letters(_letters(bulletin, departments), today, queued)
    record_event(
        "bulletin.issue",
        object_type="bulletin",
        object_id=bulletin.id,
        after={"code": bulletin.code, "departments": [d.name for d in departments], "letters": len(queued.letters)},
        user=actor,
    )
    return queued
