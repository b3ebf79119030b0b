"""Reading 整改 items: overdue as of a day, the ledger (整改台账) with its filters, its Excel rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select

from supervision.extensions import db
from supervision.rectification.models import SOURCE_LABELS, STATE_LABELS, Rectification
from supervision.templating import cn_date


def standing_answer(item: Rectification, day: date) -> date | None:
    """The day of the answer standing on `day` (not returned since), or None when the department owes one."""
    answered = None
    for step in item.steps:
        if step.day > day:
            break
        if step.action == "answer":
            answered = step.day
        elif step.action in ("open", "return"):
            answered = None
    return answered


def is_overdue(item: Rectification, day: date) -> bool:
    """Not answered by the deadline: no answer standing on `day` after the deadline, or one given too late."""
    answered = standing_answer(item, day)
    return answered > item.deadline if answered else day > item.deadline


@dataclass(frozen=True)
class LedgerFilters:
    department_id: int | None = None
    state: str | None = None
    source: str | None = None
    year: int | None = None

    @classmethod
    def of(cls, department_id, state, source, year) -> LedgerFilters:
        """Unknown states and sources are dropped (the page falls back to all)."""
        state = state if state in STATE_LABELS else None
        return cls(department_id, state, source if source in SOURCE_LABELS else None, year)


def readable_items(user) -> Select:
    statement = select(Rectification).order_by(Rectification.year.desc(), Rectification.number.desc())
    if not user.has_role("office", "leader"):
        statement = statement.where(Rectification.department_id == user.department_id)
    return statement


def ledger(user, filters: LedgerFilters) -> list[Rectification]:
    statement = readable_items(user)
    if filters.department_id:
        statement = statement.where(Rectification.department_id == filters.department_id)
    if filters.state:
        statement = statement.where(Rectification.state == filters.state)
    if filters.source:
        statement = statement.where(Rectification.source_kind == filters.source)
    if filters.year:
        statement = statement.where(Rectification.year == filters.year)
    return list(db.session.scalars(statement))


def department_items(department_id: int) -> list[Rectification]:
    statement = select(Rectification).where(Rectification.department_id == department_id)
    return list(db.session.scalars(statement.order_by(Rectification.id.desc())))


HEADERS = ["编号", "责任单位", "来源", "来源说明", "整改要求", "整改期限", "状态", "是否逾期", "最近报送", "销号日期"]


def ledger_cells(items: list[Rectification], today: date) -> list[list]:
    rows = []
    for item in items:
        accepted = next((s.day for s in reversed(item.steps) if s.action == "accept"), None)
        answered = next((s.day for s in reversed(item.steps) if s.action == "answer"), None)
        rows.append(
            [
                item.code,
                item.department.name,
                item.source_kind_label,
                item.source_label,
                item.requirement,
                cn_date(item.deadline),
                item.state_label,
                "逾期" if is_overdue(item, today) else "",
                cn_date(answered),
                cn_date(accepted),
            ]
        )
    return rows
