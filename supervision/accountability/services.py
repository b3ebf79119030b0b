"""Recording 约谈 and 问责: the office writes the record with its links and minutes; departments read their own."""

from __future__ import annotations

from datetime import date
from typing import BinaryIO

from sqlalchemy import select

from supervision.accountability.models import (
    KIND_LABELS,
    AccountabilityFile,
    AccountabilityNotice,
    AccountabilityRecord,
    AccountabilityTask,
)
from supervision.accounts.models import Department
from supervision.audit.services import record_event
from supervision.errors import NotFound, PermissionDenied
from supervision.evidence.attached import file_fields, store_files
from supervision.extensions import db
from supervision.reminders.models import SupervisionNotice
from supervision.tasks.models import Task
from supervision.tasks.queries import department_tasks
from supervision.validation import InvalidInput, check_text

MAX_FILES = 10


def may_read(user, record: AccountabilityRecord) -> bool:
    if user.has_role("office", "leader"):
        return True
    return user.has_role("liaison", "dept_head") and user.department_id == record.department_id


def readable_records(user, department_id: int | None = None) -> list[AccountabilityRecord]:
    statement = select(AccountabilityRecord).order_by(
        AccountabilityRecord.held_on.desc(), AccountabilityRecord.id.desc()
    )
    if not user.has_role("office", "leader"):
        statement = statement.where(AccountabilityRecord.department_id == user.department_id)
    if department_id is not None:
        statement = statement.where(AccountabilityRecord.department_id == department_id)
    return list(db.session.scalars(statement))


def get_record_for(user, record_id: int) -> AccountabilityRecord:
    record = db.session.get(AccountabilityRecord, record_id)
    if record is None or not may_read(user, record):
        raise NotFound("约谈或问责记录不存在。")
    return record


def linkable(department: Department) -> tuple[list[Task], list[SupervisionNotice]]:
    """The department's tasks and the notices it received: what a record may link to."""
    tasks = department_tasks(department)
    notices = db.session.scalars(
        select(SupervisionNotice)
        .where(SupervisionNotice.department_id == department.id)
        .order_by(SupervisionNotice.issued_on.desc(), SupervisionNotice.id.desc())
    )
    return tasks["lead"] + tasks["cooperating"], list(notices)


def _store(record: AccountabilityRecord, files: list[tuple[BinaryIO, str]], actor) -> list[str]:
    stored = store_files(files, MAX_FILES, noun="文件")
    record.files.extend(AccountabilityFile(**file_fields(one, actor)) for one in stored)
    return [one.filename for one in stored]


def record_case(
    department: Department | None,
    data: dict,
    files: list[tuple[BinaryIO, str]],
    *,
    today: date,
    actor,
) -> AccountabilityRecord:
    """The office records a 约谈 or 问责: kind, date, people, reason, outcome, linked tasks and notices, minutes."""
    if not actor.has_role("office"):
        raise PermissionDenied("只有领导小组办公室可以登记约谈和问责。")
    if department is None:
        raise InvalidInput("请选择被约谈或问责的单位。")
    kind = data.get("kind")
    if kind not in KIND_LABELS:
        raise InvalidInput("请选择类型（约谈或问责）。")
    held_on = data.get("held_on")
    if held_on is None:
        raise InvalidInput("请填写日期（格式 2026-12-01）。")
    if held_on > today:
        raise InvalidInput("日期不能晚于今天。")
    people = check_text(data.get("people"), AccountabilityRecord.people, label="涉及人员").strip()
    reason = check_text(data.get("reason"), label="事由", multiline=True).strip()
    outcome = check_text(data.get("outcome"), label="结果", multiline=True).strip()
    if not people or not reason:
        raise InvalidInput("请填写涉及人员和事由。")
    tasks, notices = linkable(department)
    task_ids, notice_ids = {t.id for t in tasks}, {n.id for n in notices}
    if not set(data.get("task_ids") or []) <= task_ids or not set(data.get("notice_ids") or []) <= notice_ids:
        raise InvalidInput("所选任务或督办通知单不属于该单位，请刷新页面后重试。")
    record = AccountabilityRecord(
        kind=kind,
        held_on=held_on,
        department=department,
        people=people,
        reason=reason,
        outcome=outcome,
        created_by_id=actor.id,
        tasks=[AccountabilityTask(task_id=i) for i in sorted(set(data.get("task_ids") or []))],
        notices=[AccountabilityNotice(notice_id=i) for i in sorted(set(data.get("notice_ids") or []))],
    )
    db.session.add(record)
    names = _store(record, files, actor)
    db.session.flush()
    record_event(
        f"accountability.{kind}",
        object_type="accountability_record",
        object_id=record.id,
        after={"department": department.name, "date": str(held_on), "people": people, "files": names},
        user=actor,
    )
    return record


def add_minutes(record: AccountabilityRecord, files: list[tuple[BinaryIO, str]], *, actor) -> list[str]:
    """The office adds minutes or other files to a record."""
    if not actor.has_role("office"):
        raise PermissionDenied("只有领导小组办公室可以上传纪要。")
    if not files:
        raise InvalidInput("请选择要上传的文件。")
    names = _store(record, files, actor)
    db.session.flush()
    record_event(
        "accountability.files",
        object_type="accountability_record",
        object_id=record.id,
        after={"files": names},
        user=actor,
    )
    return names


def file_for_download(user, file_id: int) -> AccountabilityFile:
    file = db.session.get(AccountabilityFile, file_id)
    if file is None or not may_read(user, file.record):
        raise NotFound("文件不存在。")
    record_event("accountability.download", object_type="accountability_record", object_id=file.record_id, user=user)
    return file
