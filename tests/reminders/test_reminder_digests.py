"""Digests: the office's daily overview of overdue items by department, each department's weekly list on
the first working day of the week (or the first run after it)."""

from datetime import date

from sqlalchemy import select

from supervision.extensions import db
from supervision.reminders.digests import run_digests
from supervision.reminders.models import Notification
from supervision.reminders.policy import DEFAULTS, update_policy
from tests.reminders.support import approve_milestones, build_world, text_of
from tests.reminders.test_reminder_daily import run, send


def weekly_days(username_id):
    db.session.rollback()
    return sorted(
        n.day.isoformat()
        for n in db.session.scalars(
            select(Notification).where(Notification.user_id == username_id, Notification.kind == "weekly_digest")
        )
    )


def test_the_office_gets_a_daily_overview_of_overdue_items_by_department(runner, db, smtp):
    build_world(runner)
    approve_milestones("Q1")  # Q2 (due 2025-07-07) is overdue everywhere
    run(runner, "2025-10-09")
    send(runner)
    [digest] = smtp.mailbox.to("office@example.gov.cn", "每日逾期汇总（2025年10月9日）")
    text = text_of(digest)
    assert "市卫生健康委（" in text and "市司法局（1 项）" in text and "2025年第2季度进展报告" in text
    assert "项逾期，涉及" in digest["Subject"]
    assert not smtp.mailbox.to("wjw@example.gov.cn", "每日逾期汇总")


def test_weekly_digest_once_a_week_on_the_first_working_day_or_the_first_run_after_it(runner, db, smtp):
    users = build_world(runner)
    approve_milestones("Q1", "Q2")
    liaison = users["wjw_liaison"].id
    run(runner, "2025-10-09")  # National Day week: Thursday is its first working day
    run(runner, "2025-10-10")
    run(runner, "2025-10-13")  # Monday
    run(runner, "2025-10-14")
    assert weekly_days(liaison) == ["2025-10-09", "2025-10-13"]
    run(runner, "2025-10-21")  # the scheduler was off on Monday 2025-10-20: caught up on Tuesday
    assert weekly_days(liaison) == ["2025-10-09", "2025-10-13", "2025-10-20"]
    send(runner)
    [mail] = smtp.mailbox.to("wjw-head@example.gov.cn", "每周待办汇总（2025年10月13日）")
    assert "市卫生健康委" in mail["Subject"] and "10 个工作日内到期" in text_of(mail)
    update_policy(DEFAULTS | {"weekly_digest": False}, actor=users["office1"])
    assert run_digests(date(2025, 10, 27)).week_start is None
