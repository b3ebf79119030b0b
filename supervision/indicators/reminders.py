"""Reminding owners of missing values: after a year's due date (set by the office) has passed, by the office's
reminder policy (every N working days overdue), the owner's liaisons get one letter a day through the outbox
until an approved value of the year is in."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from supervision.calendar.store import work_calendar
from supervision.extensions import db
from supervision.indicators.models import Indicator, IndicatorValue, IndicatorYear, ValueStatus
from supervision.reminders.dispatch import Queued, queue_letters, take_lock
from supervision.reminders.items import stage
from supervision.reminders.letters import SUBJECT_PREFIX, Letter, Line, Section, cn_day, site_path
from supervision.reminders.policy import current_policy
from supervision.reminders.recipients import Recipients

KIND = "indicator"
SECTION = "指标数值逾期未报（或未通过审核）"


@dataclass
class IndicatorRun:
    day: date
    working_day: bool
    queued: Queued = field(default_factory=Queued)
    missing: list[tuple[Indicator, int]] = field(default_factory=list)  # (indicator, year) reminded today


def overdue_years(today: date) -> list[tuple[Indicator, IndicatorYear]]:
    """The yearly settings whose due date is before `today`, of owned indicators without an approved value."""
    approved = select(IndicatorValue.id).where(
        IndicatorValue.indicator_id == IndicatorYear.indicator_id,
        IndicatorValue.year == IndicatorYear.year,
        IndicatorValue.quarter == 0,
        IndicatorValue.status == ValueStatus.approved.value,
    )
    rows = db.session.execute(
        select(Indicator, IndicatorYear)
        .join(IndicatorYear, IndicatorYear.indicator_id == Indicator.id)
        .where(IndicatorYear.due_date < today, Indicator.owner_id.is_not(None), ~approved.exists())
        .options(selectinload(Indicator.owner))
        .order_by(IndicatorYear.due_date, Indicator.number, Indicator.id)
    )
    return [tuple(row) for row in rows]


def run_indicator_reminders(today: date) -> IndicatorRun:
    """Queue today's letters; nothing on a non-working day; the outbox's key makes a second run a no-op."""
    calendar = work_calendar(assume_weekdays_after_official=True)
    if not calendar.is_working_day(today):
        return IndicatorRun(today, working_day=False)
    take_lock("reminders")
    policy, people, run = current_policy(), Recipients(), IndicatorRun(today, working_day=True)
    users, lines = {}, defaultdict(list)
    for indicator, year in overdue_years(today):
        overdue = -calendar.working_days_between(today, year.due_date)
        if overdue <= 0 or stage(SimpleNamespace(remaining=-overdue, overdue=overdue), policy) != "overdue":
            continue
        text = (
            f"指标{indicator.label}：{year.year}年数值应于{cn_day(year.due_date)}前报送，"
            f"已逾期 {overdue} 个工作日，尚无通过审核的数值"
        )
        line = Line(text, site_path("indicators.detail", indicator_id=indicator.id))
        run.missing.append((indicator, year.year))
        for user in people.liaisons[indicator.owner_id]:
            users[user.id] = user
            lines[user.id].append(line)
    letters = [
        Letter(
            users[user_id],
            KIND,
            f"{SUBJECT_PREFIX}指标数值催报（{cn_day(today)}）：{len(items)} 项",
            f"截至{cn_day(today)}，以下指标的年度数值已过报送期限，请及时填报并提交审核。",
            [Section(SECTION, items)],
        )
        for user_id, items in lines.items()
    ]
    queue_letters(letters, today, run.queued)
    return run
