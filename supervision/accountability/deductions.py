"""The facts behind the scheme's deduction lines `supervision_notice`, `interview` and `accountability`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from supervision.accountability.models import AccountabilityRecord
from supervision.extensions import db
from supervision.reminders.models import SupervisionNotice


def notice_facts(year: int, as_of: date, facts: list[dict]) -> None:
    """One fact per 督办通知单 issued in `year` up to `as_of`."""
    notices = db.session.scalars(
        select(SupervisionNotice)
        .where(SupervisionNotice.issued_on >= date(year, 1, 1), SupervisionNotice.issued_on <= as_of)
        .where(SupervisionNotice.issued_on <= date(year, 12, 31))
        .order_by(SupervisionNotice.id)
    )
    for notice in notices:
        task = notice.milestone.task
        facts.append(
            {
                "item": "supervision_notice",
                "department_id": notice.department_id,
                "count": 1,
                "reason": f"{notice.code}（{notice.issued_on.isoformat()}，{task.kind_label}{task.number}"
                f" {task.name} · {notice.milestone.title}）",
                "ref": notice.id,
            }
        )


def record_facts(year: int, as_of: date, facts: list[dict]) -> None:
    """One fact per 约谈 (item `interview`) or 问责 (item `accountability`) held in `year` up to `as_of`."""
    records = db.session.scalars(
        select(AccountabilityRecord)
        .where(AccountabilityRecord.held_on >= date(year, 1, 1), AccountabilityRecord.held_on <= as_of)
        .where(AccountabilityRecord.held_on <= date(year, 12, 31))
        .order_by(AccountabilityRecord.id)
    )
    for record in records:
        facts.append(
            {
                "item": record.kind,
                "department_id": record.department_id,
                "count": 1,
                "reason": f"{record.held_on.isoformat()} {record.kind_label}：{record.people}（{record.reason[:80]}）",
                "ref": record.id,
            }
        )
