"""Plan and task states: a closed plan or task is no longer supervised (no reminders, notices, digests or
已逾期 lights from the day it closed), a plan in 收尾评估 only for its final year; every change audited."""

from datetime import date

import pytest
from sqlalchemy import func, select

from supervision.audit.models import AuditEvent
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.milestones.lights import LIGHT_LABELS
from supervision.milestones.models import Milestone
from supervision.plans.models import Plan
from supervision.reminders.models import Notification, OutboxMessage, SupervisionNotice
from supervision.tasks.lifecycle import close_task, reopen_task, suspend_task
from supervision.tasks.models import Task
from supervision.work.lights import listing
from supervision.work.queries import milestones_of_year, rows_for
from tests.reminders.support import build_world

ENDED = ("HZ-2021-2025", "HZ-ACTION-2023-2025")


def invoke(runner, *args):
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def count(model):
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_reminder_run_on_ended_plans_still_open_issues_messages_and_notices(runner, db):
    build_world(runner)
    invoke(runner, "reminders", "run", "--today", "2026-12-02")
    assert count(SupervisionNotice) > 0 and count(OutboxMessage) > 0 and count(Notification) > 0


def test_after_closing_both_plans_a_reminder_run_issues_nothing_for_them(runner, db):
    build_world(runner)
    for code in ENDED:
        output = invoke(runner, "plan", "close", code, "--reason", "规划期已结束，转入终期评估总结")
        assert "已结束" in output
    output = invoke(runner, "reminders", "run", "--today", "2026-12-02")
    assert count(SupervisionNotice) == 0 and count(OutboxMessage) == 0 and count(Notification) == 0
    assert "督办通知单" not in output
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "plan.close")).all()
    assert sorted(e.object_id for e in events) == sorted(ENDED)
    assert all(e.after["reason"] == "规划期已结束，转入终期评估总结" for e in events)


def test_closing_needs_a_reason_and_an_unknown_plan_is_refused(runner, db):
    build_world(runner)
    result = runner.invoke(args=["plan", "close", "HZ-2021-2025", "--reason", "  "])
    assert result.exit_code != 0 and "请填写原因" in result.output
    result = runner.invoke(args=["plan", "close", "NO-SUCH", "--reason", "x"])
    assert result.exit_code != 0 and "不存在" in result.output
    assert db.session.scalar(select(Plan.status).where(Plan.code == "HZ-2021-2025")) == "running"


def test_a_plan_in_final_evaluation_is_supervised_only_for_its_final_year(runner, db):
    build_world(runner)
    invoke(runner, "milestones", "generate", "--year", "2024")
    invoke(runner, "plan", "evaluate", "HZ-2021-2025", "--reason", "进入收尾评估", "--today", "2026-11-30")
    invoke(runner, "plan", "close", "HZ-ACTION-2023-2025", "--reason", "结束", "--today", "2026-11-30")
    invoke(runner, "reminders", "run", "--today", "2026-12-02")
    notices = db.session.scalars(select(SupervisionNotice)).all()
    assert notices and {n.milestone.year for n in notices} == {2025}
    assert {n.milestone.task.plan.code for n in notices} == {"HZ-2021-2025"}
    earlier = {r.light for r in rows_for(milestones_of_year(2024), date(2026, 12, 2))}
    assert "red" not in earlier and "closed" in earlier


def test_reopening_brings_supervision_back_and_is_audited(runner, db):
    build_world(runner)
    invoke(runner, "plan", "close", "HZ-2021-2025", "--reason", "结束", "--today", "2026-11-30")
    invoke(runner, "plan", "reopen", "HZ-2021-2025", "--reason", "误操作，恢复督办", "--today", "2026-12-01")
    invoke(runner, "plan", "close", "HZ-ACTION-2023-2025", "--reason", "结束", "--today", "2026-11-30")
    invoke(runner, "reminders", "run", "--today", "2026-12-02")
    assert {n.milestone.task.plan.code for n in db.session.scalars(select(SupervisionNotice))} == {"HZ-2021-2025"}
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "plan.reopen")).all()
    assert event.before["status"] == "closed" and event.after["reason"] == "误操作，恢复督办"


@pytest.fixture
def states(runner, db):
    build_world(runner)
    tasks = db.session.scalars(select(Task).order_by(Task.id)).all()
    close_task(tasks[0], "完成", "已完成全部任务", today=date(2025, 10, 1))
    suspend_task(tasks[1], "政策调整", today=date(2025, 11, 1))
    close_task(tasks[2], "基本完成", None, today=date(2025, 9, 1))
    reopen_task(tasks[2], "尚有节点未完成", today=date(2025, 10, 10))
    plan = db.session.scalar(select(Plan).where(Plan.code == "HZ-ACTION-2023-2025"))
    plan.status, plan.status_on = "closed", date(2025, 10, 20)
    db.session.commit()
    return tasks


@pytest.mark.parametrize(
    "today", [date(2025, 9, 30), date(2025, 10, 15), date(2025, 10, 21), date(2025, 12, 10), date(2026, 12, 2)]
)
def test_sql_lights_equal_python_lights_with_states(states, db, today):
    python = {r.milestone.id: r.light for r in rows_for(milestones_of_year(2025), today)}
    sql = {r.milestone.id: r.light for r in listing(2025, today, None, "due", False, None).items}
    assert sql == python
    if today >= date(2025, 10, 21):
        assert "closed" in python.values()
    first = {m.id for m in db.session.scalars(select(Milestone).where(Milestone.task_id == states[0].id))}
    assert {python[i] for i in first} <= (
        {"closed", "done", "grey"} if today >= date(2025, 10, 1) else set(LIGHT_LABELS)
    )


def test_task_states_are_refused_when_they_make_no_sense(states, db):
    with pytest.raises(DomainError, match="已是“已办结”"):
        suspend_task(states[0], "再次中止", today=date(2025, 12, 1))
    with pytest.raises(DomainError, match="办结结论"):
        close_task(states[3], "差不多", "x", today=date(2025, 12, 1))
    with pytest.raises(DomainError, match="正在推进中"):
        reopen_task(states[3], "x", today=date(2025, 12, 1))
