"""Generating milestones from the yearly template, and the warning lights."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from supervision.audit.services import record_event
from supervision.calendar.models import CalendarException
from supervision.calendar.store import work_calendar
from supervision.calendar.workdays import WorkCalendar
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.milestones.models import Milestone, MilestoneTemplate
from supervision.tasks.models import Task
from supervision.validation import check_in_period, check_text


def get_milestone_or_404(milestone_id: int) -> Milestone:
    return db.get_or_404(Milestone, milestone_id)


def template_for(year: int) -> MilestoneTemplate:
    template = db.session.scalar(select(MilestoneTemplate).where(MilestoneTemplate.year == year))
    return template or MilestoneTemplate(
        year=year, quarters="1,2,3,4", report_working_days=5, annual_month=12, annual_day=15
    )


def planned_milestones(year: int, calendar: WorkCalendar) -> list[tuple[str, str, date]]:
    template = template_for(year)
    rows = [
        (f"Q{q}", f"{year}年第{q}季度进展报告", calendar.quarterly_due_date(year, q, template.report_working_days))
        for q in template.quarter_list
    ]
    annual = calendar.annual_summary_due(year, template.annual_month, template.annual_day)
    rows.append(("annual", f"{year}年度工作总结", annual))
    return rows


def generate_milestones(year: int, *, actor=None) -> dict:
    """Create the template's milestones for every active task whose period covers `year`; idempotent."""
    if not 2000 <= year <= 2100:
        raise DomainError("年份无效。")
    tasks = db.session.scalars(select(Task).where(Task.active, Task.start_year <= year, Task.end_year >= year)).all()
    warning, planned = None, []
    if tasks:
        calendar = work_calendar()
        planned = planned_milestones(year, calendar)
        if provisional := calendar.provisional_years((year, year + 1)):
            warning = (
                f"{'、'.join(map(str, provisional))} 年的国务院节假日安排尚未录入，"
                "本次按农历推算的法定节假日计算（暂定），"
                "录入后节点日期将随之调整。"
            )
    existing = set(db.session.execute(select(Milestone.task_id, Milestone.key).where(Milestone.year == year)).all())
    created = 0
    for task in tasks:
        for key, title, due in planned:
            if (task.id, key) in existing:
                continue
            db.session.add(Milestone(task=task, year=year, key=key, title=title, due_date=due))
            created += 1
    db.session.flush()
    record_event("milestone.generate", object_type="year", object_id=year, after={"created": created}, user=actor)
    return {"created": created, "tasks": len(tasks), "warning": warning}


def add_milestone(task: Task, year: int, title: str, due_date: date, *, actor) -> Milestone:
    """The office adds a milestone by hand."""
    _check_milestone(task, title, due_date)
    milestone = Milestone(task=task, year=year, key=None, title=title.strip(), due_date=due_date)
    db.session.add(milestone)
    db.session.flush()
    record_event(
        "milestone.add",
        object_type="milestone",
        object_id=milestone.id,
        after={"title": milestone.title, "due_date": due_date},
        user=actor,
    )
    return milestone


def _check_milestone(task: Task, title: str, due_date: date) -> None:
    if not title.strip():
        raise DomainError("节点名称不能为空。")
    check_text(title.strip(), Milestone.title, label="节点名称")
    check_in_period(due_date, task.plan.start_year, task.plan.end_year, label="截止日期")


def save_template(
    year: int, quarters: list[int], report_working_days: int, annual_month: int, annual_day: int, *, actor
) -> MilestoneTemplate:
    """The office sets a year's schedule; generation afterwards follows it."""
    if not quarters or any(q not in (1, 2, 3, 4) for q in quarters):
        raise DomainError("请至少选择一个季度。")
    if not 1 <= report_working_days <= 30:
        raise DomainError("季度报告截止应为季度结束后第 1 至第 30 个工作日。")
    try:
        date(year, annual_month, annual_day)
    except (ValueError, OverflowError):
        raise DomainError("年度总结截止日期无效。") from None
    template = db.session.scalar(select(MilestoneTemplate).where(MilestoneTemplate.year == year))
    before = None
    if template is None:
        template = MilestoneTemplate(year=year)
        db.session.add(template)
    else:
        before = _template_snapshot(template)
    template.quarters = ",".join(str(q) for q in sorted(set(quarters)))
    template.report_working_days = report_working_days
    template.annual_month, template.annual_day = annual_month, annual_day
    db.session.flush()
    record_event(
        "milestone.template",
        object_type="year",
        object_id=year,
        before=before,
        after=_template_snapshot(template),
        user=actor,
    )
    return template


def _template_snapshot(template: MilestoneTemplate) -> dict:
    return {
        "quarters": template.quarters,
        "report_working_days": template.report_working_days,
        "annual": f"{template.annual_month}-{template.annual_day}",
    }


def update_milestone(milestone: Milestone, title: str, due_date: date, *, actor) -> None:
    """The office edits a milestone's title or due date."""
    _check_milestone(milestone.task, title, due_date)
    before = {"title": milestone.title, "due_date": milestone.due_date}
    milestone.title, milestone.due_date = title.strip(), due_date
    db.session.flush()
    record_event(
        "milestone.edit",
        object_type="milestone",
        object_id=milestone.id,
        before=before,
        after={"title": milestone.title, "due_date": due_date},
        user=actor,
    )


def calendar_exceptions() -> list[CalendarException]:
    return list(db.session.scalars(select(CalendarException).order_by(CalendarException.day)))


def get_calendar_exception_or_404(exception_id: int) -> CalendarException:
    return db.get_or_404(CalendarException, exception_id)


def add_calendar_exception(day: date, kind: str, note: str, *, actor) -> CalendarException:
    """A local holiday or working day that overrides the official calendar."""
    if kind not in ("holiday", "workday"):
        raise DomainError("类型应为“休息日”或“工作日”。")
    if db.session.scalar(select(CalendarException).where(CalendarException.day == day)):
        raise DomainError(f"{day.isoformat()} 已有本地调整，请先删除再添加。")
    row = CalendarException(day=day, kind=kind, note=note.strip()[:200] or None)
    db.session.add(row)
    db.session.flush()
    record_event(
        "calendar.add",
        object_type="calendar",
        object_id=day.isoformat(),
        after={"kind": kind, "note": row.note},
        user=actor,
    )
    return row


def remove_calendar_exception(row: CalendarException, *, actor) -> None:
    record_event(
        "calendar.remove",
        object_type="calendar",
        object_id=row.day.isoformat(),
        before={"kind": row.kind, "note": row.note},
        user=actor,
    )
    db.session.delete(row)
    db.session.flush()
