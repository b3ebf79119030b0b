"""The day's outcome e-mail through the outbox to a real SMTP server: exactly once, one per user and day."""

from __future__ import annotations

from datetime import timedelta

from supervision.clock import now
from supervision.reviews.services import office_review
from tests.outcomes.support import build_world, mail_and_send, outbox_of, submitted
from tests.reminders.support import html_of, text_of


def test_the_email_arrives_exactly_once_even_when_the_job_runs_twice(db, smtp):
    world = build_world()
    report = submitted(world.q1, world.liaison)
    office_review(report, "returned", "请补充经费保障情况。", actor=world.office)
    db.session.commit()

    mail_and_send()
    mail_and_send()
    [message] = smtp.mailbox.to("wang@example.gov.cn")
    assert message["Subject"] == "【健康杭州督办】审核结果通知（1 项）"
    body = text_of(message)
    assert "王联络：" in body and "报告被退回（1 项）" in body
    assert "办公室退回，退回意见：请补充经费保障情况。" in body
    assert f"/milestones/{world.q1.id}" in body and "请补充经费保障情况。" in html_of(message)
    [row] = outbox_of(world.liaison)
    assert row.status == "sent" and row.key.startswith(f"email:{world.liaison.id}:outcome:")
    assert outbox_of(world.other_liaison) == []  # no e-mail address: the in-app notice is all


def test_two_outcomes_the_same_day_make_one_email(db, smtp):
    world = build_world()
    office_review(submitted(world.q1, world.liaison), "returned", "进度数据有误。", actor=world.office)
    db.session.commit()
    office_review(submitted(world.q2, world.liaison), "approved", "", actor=world.office)
    db.session.commit()

    mail_and_send()
    [message] = smtp.mailbox.to("wang@example.gov.cn")
    assert message["Subject"] == "【健康杭州督办】审核结果通知（2 项）"
    body = text_of(message)
    assert "报告被退回（1 项）" in body and "报告审核通过（1 项）" in body
    assert body.index("报告被退回") < body.index("报告审核通过")


def test_other_departments_get_no_email(db, smtp):
    world = build_world()
    office_review(submitted(world.q1, world.liaison), "approved", "", actor=world.office)
    db.session.commit()
    mail_and_send()
    assert len(smtp.mailbox.messages) == 1
    for user in (world.coop, world.stranger, world.office, world.head):
        assert smtp.mailbox.to(user.email) == [] and outbox_of(user) == []


def test_an_outcome_after_the_days_email_comes_the_next_day(db, smtp):
    world = build_world()
    office_review(submitted(world.q1, world.liaison), "returned", "第一次退回。", actor=world.office)
    db.session.commit()
    today = now()
    mail_and_send(today)
    office_review(submitted(world.q2, world.liaison), "approved", "", actor=world.office)
    db.session.commit()
    mail_and_send(today)  # the day's message went out: the approval waits
    assert len(smtp.mailbox.to("wang@example.gov.cn")) == 1

    mail_and_send(today + timedelta(days=1))
    first, second = smtp.mailbox.to("wang@example.gov.cn")
    assert "第一次退回。" in text_of(first) and "报告审核通过" not in text_of(first)
    assert "报告审核通过（1 项）" in text_of(second) and "第一次退回。" not in text_of(second)
    mail_and_send(today + timedelta(days=1))
    assert len(smtp.mailbox.to("wang@example.gov.cn")) == 2
