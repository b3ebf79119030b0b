"""The rules of a 整改 item: the office opens it, the department answers, the office accepts (销号) or returns."""

from __future__ import annotations

from datetime import date
from typing import BinaryIO

from sqlalchemy import func, select

from supervision.accounts.models import Department
from supervision.audit.services import record_event
from supervision.calendar.store import work_calendar
from supervision.errors import DomainError, NotFound, PermissionDenied
from supervision.evidence.attached import file_fields, store_files
from supervision.extensions import db
from supervision.rectification.models import OPEN_STATES, Rectification, RectificationFile, RectificationStep
from supervision.rectification.sources import resolve_source
from supervision.validation import InvalidInput, check_text

MAX_DEADLINE_DAYS = 120
MAX_FILES = 10


def _office(actor) -> None:
    if not actor.has_role("office"):
        raise PermissionDenied("只有领导小组办公室可以发起、验收或退回整改。")


def may_read(user, item: Rectification) -> bool:
    """The office and leaders read every item; a department's liaisons and heads read its own."""
    if user.has_role("office", "leader"):
        return True
    return user.has_role("liaison", "dept_head") and user.department_id == item.department_id


def get_rectification_for(user, item_id: int) -> Rectification:
    """The item, when `user` may read it; another department's item is reported as not found."""
    item = db.session.get(Rectification, item_id)
    if item is None or not may_read(user, item):
        raise NotFound("整改事项不存在。")
    return item


def deadline_after(today: date, working_days: int | None) -> date:
    """The deadline `working_days` working days after `today` (the official calendar and local exceptions)."""
    if working_days is None or not 1 <= working_days <= MAX_DEADLINE_DAYS:
        raise InvalidInput(f"整改期限应为 1 到 {MAX_DEADLINE_DAYS} 个工作日。")
    return work_calendar(assume_weekdays_after_official=True).add_working_days(today, working_days)


def _step(item: Rectification, action: str, text: str, today: date, actor) -> RectificationStep:
    step = RectificationStep(action=action, text=text, day=today, user_id=getattr(actor, "id", None))
    item.steps.append(step)
    return step


def open_rectification(
    department: Department | None,
    requirement: str,
    working_days: int | None,
    *,
    source_kind: str,
    source_id: int | None = None,
    source_label: str = "",
    today: date,
    actor,
) -> Rectification:
    """Open a 整改 item for a department with a requirement and a deadline in working days."""
    _office(actor)
    if department is None:
        raise InvalidInput("请选择整改责任单位。")
    requirement = check_text(requirement, RectificationStep.text, label="整改要求", multiline=True).strip()
    if not requirement:
        raise InvalidInput("请填写整改要求。")
    check_text(source_label, Rectification.source_label, label="来源说明")
    deadline = deadline_after(today, working_days)
    source = resolve_source(source_kind, source_id, source_label)
    if source.department_ids and department.id not in source.department_ids:
        raise DomainError(f"{department.name}不是该{source.label or '来源'}涉及的单位。")
    number = db.session.scalar(
        select(func.coalesce(func.max(Rectification.number), 0)).where(Rectification.year == today.year)
    )
    item = Rectification(
        year=today.year,
        number=number + 1,
        department=department,
        source_kind=source.kind,
        source_id=source.id,
        source_label=source.label[:300],
        requirement=requirement,
        deadline=deadline,
        state="open",
        created_by_id=actor.id,
    )
    db.session.add(item)
    _step(item, "open", requirement, today, actor)
    db.session.flush()
    record_event(
        "rectification.open",
        object_type="rectification",
        object_id=item.id,
        after={"code": item.code, "department": department.name, "source": source.label, "deadline": str(deadline)},
        user=actor,
    )
    return item


def answer_rectification(
    item: Rectification, text: str, files: list[tuple[BinaryIO, str]], *, today: date, actor
) -> RectificationStep:
    """The department's liaison reports what was rectified, with evidence files (at least a text)."""
    if not (actor.has_role("liaison") and actor.department_id == item.department_id):
        raise PermissionDenied("只有责任单位的联络员可以报送整改情况。")
    if item.state not in OPEN_STATES:
        raise DomainError("该整改事项当前不能报送（已报送待验收或已销号）。")
    text = check_text(text, RectificationStep.text, label="整改情况", multiline=True).strip()
    if not text:
        raise InvalidInput("请填写整改情况报告。")
    stored = store_files(files, MAX_FILES)
    step = _step(item, "answer", text, today, actor)
    item.state = "answered"
    db.session.flush()
    for one in stored:
        item.files.append(RectificationFile(step_id=step.id, **file_fields(one, actor)))
    db.session.flush()
    record_event(
        "rectification.answer",
        object_type="rectification",
        object_id=item.id,
        after={"code": item.code, "files": [f.filename for f in stored]},
        user=actor,
    )
    return step


def decide_rectification(item: Rectification, outcome: str, comment: str, *, today: date, actor) -> None:
    """The office accepts the answer (销号) or returns it with a comment."""
    _office(actor)
    if outcome not in ("accept", "return"):
        raise InvalidInput("验收结果无效，请刷新页面后重试。")
    if item.state != "answered":
        raise DomainError("只有已报送、待验收的整改事项可以验收或退回。")
    comment = check_text(comment, RectificationStep.text, label="意见", multiline=True).strip()
    if outcome == "return" and not comment:
        raise InvalidInput("退回时必须填写意见。")
    _step(item, outcome, comment, today, actor)
    item.state = "accepted" if outcome == "accept" else "returned"
    db.session.flush()
    record_event(
        f"rectification.{outcome}",
        object_type="rectification",
        object_id=item.id,
        after={"code": item.code, "state": item.state, "comment": comment},
        user=actor,
    )


def file_for_download(user, file_id: int) -> RectificationFile:
    """A file of an item `user` may read, with the download audited."""
    file = db.session.get(RectificationFile, file_id)
    if file is None or not may_read(user, file.rectification):
        raise NotFound("文件不存在。")
    record_event("rectification.download", object_type="rectification", object_id=file.rectification_id, user=user)
    return file
