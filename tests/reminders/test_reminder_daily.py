"""The daily job against a real SMTP server: content, once a day, working days only, who is reminded."""

from datetime import date

from sqlalchemy import func, select

from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.reminders.models import Notification, OutboxMessage
from supervision.reminders.policy import DEFAULTS, update_policy
from supervision.tasks.models import Task
from tests.builders import make_contribution, make_report
from tests.reminders.support import approve_milestones, build_world, department, html_of, text_of

BASE = "http://127.0.0.1:5000"


def run(runner, day):
    result = runner.invoke(args=["reminders", "run", "--today", day])
    assert result.exit_code == 0, result.output
    return result.output


def send(runner):
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    return result.output


def q3_of_task(number):
    task = db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == number))
    return db.session.scalar(select(Milestone).where(Milestone.task_id == task.id, Milestone.key == "Q3"))


def count(model):
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def test_each_liaison_gets_one_e_mail_listing_all_items_with_links(runner, db, smtp):
    users = build_world(runner)
    ids = {name: user.id for name, user in users.items()}
    approve_milestones("Q1", "Q2")
    output = run(runner, "2025-09-30")  # Q3 reports are due 2025-10-14: five working days ahead
    assert "wjw_liaison" in output and "sfj_liaison" in output
    assert "已发送" in send(runner)
    box = smtp.mailbox
    [lead] = box.to("wjw@example.gov.cn", "催办提醒")
    [coop] = box.to("sfj@example.gov.cn", "催办提醒")
    assert not box.to("office@example.gov.cn", "催办提醒")  # nothing is overdue: no escalation
    items = text_of(lead).count("还有 5 个工作日到期")
    assert items >= 5
    assert lead["Subject"] == f"【健康杭州督办】催办提醒（2025年9月30日）：{items} 项待办事项"
    assert "健康办" in lead["From"] and lead.get_content_type() == "multipart/alternative"
    task5 = q3_of_task(5)
    assert "重点任务5“推动地方健康立法”· 2025年第3季度进展报告（牵头，请填报进展报告" in text_of(lead)
    assert f"{BASE}/milestones/{task5.id}" in text_of(lead)
    assert f'<a href="{BASE}/milestones/{task5.id}">' in html_of(lead)
    assert "推动地方健康立法" in text_of(coop) and "配合，请提交配合情况" in text_of(coop)
    assert coop["Subject"].endswith("：1 项待办事项")
    assert lead["Message-ID"] == f"<email.{ids['wjw_liaison']}.reminder.2025-09-30@127.0.0.1>"
    # the liaison without an address is reminded in the app only
    quiet = db.session.scalar(select(Notification).where(Notification.user_id == ids["wjw_quiet"]))
    assert quiet.subject == lead["Subject"] and quiet.sections[0]["title"] == "即将到期"
    assert not db.session.scalar(select(OutboxMessage).where(OutboxMessage.user_id == ids["wjw_quiet"]))
    channels = db.session.execute(select(OutboxMessage.channel, func.count()).group_by(OutboxMessage.channel)).all()
    assert dict(channels)["email"] == len(box.messages)


def test_running_the_same_day_again_sends_nothing_new(runner, db, smtp):
    build_world(runner)
    approve_milestones("Q1", "Q2")
    run(runner, "2025-09-30")
    send(runner)
    delivered, notifications, rows = len(smtp.mailbox.messages), count(Notification), count(OutboxMessage)
    again = run(runner, "2025-09-30")
    assert "催办：0 人" in again and "汇总：0 人" in again
    assert "已发送 0 条" in send(runner)
    assert (len(smtp.mailbox.messages), count(Notification), count(OutboxMessage)) == (delivered, notifications, rows)


def test_nothing_on_weekends_and_holidays_but_on_make_up_working_days(runner, db, smtp):
    users = build_world(runner)
    approve_milestones("Q1")  # Q2 stays overdue: there is always something to remind of
    update_policy(DEFAULTS | {"before_days": "7,5,2,1"}, actor=users["office1"])
    db.session.commit()
    for day in ("2025-10-03", "2025-10-04", "2025-09-27", "2025-10-12"):  # National Day, Saturday, Sunday
        assert "不是工作日" in run(runner, day)
    assert count(Notification) == count(OutboxMessage) == 0
    run(runner, "2025-09-28")  # a Sunday, but a make-up working day
    send(runner)
    [mail] = smtp.mailbox.to("wjw@example.gov.cn", "催办提醒（2025年9月28日）")
    assert "还有 7 个工作日到期" in text_of(mail) and "已逾期" in text_of(mail)
    assert smtp.mailbox.to("office@example.gov.cn", "每日逾期汇总（2025年9月28日）")
    run(runner, "2025-10-11")  # a Saturday, make-up working day after National Day
    assert db.session.scalar(
        select(func.count()).select_from(Notification).where(Notification.day == date(2025, 10, 11))
    )


def test_submitted_reports_and_contributions_are_not_reminded(runner, db, smtp):
    build_world(runner)
    approve_milestones("Q1", "Q2")
    task5, task1 = q3_of_task(5), q3_of_task(1)
    make_contribution(task5, department=department("市司法局"), status="submitted")
    make_report(task1, status="pending_review")
    db.session.commit()
    run(runner, "2025-09-30")
    send(runner)
    assert not smtp.mailbox.to("sfj@example.gov.cn")  # its only item is done
    [lead] = smtp.mailbox.to("wjw@example.gov.cn", "催办提醒")
    assert f"/milestones/{task5.id}\n" in text_of(lead)  # the lead's own report is still open
    assert f"/milestones/{task1.id}\n" not in text_of(lead)  # submitted, waiting for the office


def test_deactivated_users_and_other_roles_are_not_reminded(runner, db, smtp):
    users = build_world(runner)
    approve_milestones("Q1", "Q2")
    users["sfj_liaison"].active = False
    db.session.commit()
    output = run(runner, "2025-09-30")
    assert "sfj_liaison" not in output and "市司法局" in output  # reported as having no active liaison
    assert not db.session.scalar(select(Notification).where(Notification.user_id == users["sfj_liaison"].id))
    assert not db.session.scalar(select(Notification).where(Notification.user_id == users["office1"].id))
