"""`flask calendar import`: an entered 2027 schedule moves due dates; errors in Chinese change nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from supervision.audit.models import AuditEvent
from supervision.calendar.models import ScheduleEntry, YearSchedule
from supervision.calendar.store import work_calendar
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.milestones.services import generate_milestones, save_template, update_milestone
from supervision.schedules.cli import calendar_cli
from tests.builders import make_plan, make_task
from tests.schedules.support import YEAR_2027, write


def _task():
    return make_task(make_plan(start_year=2026, end_year=2030))


def _due(task, year: int, key: str) -> date:
    return db.session.scalar(
        select(Milestone.due_date).where(Milestone.task_id == task.id, Milestone.year == year, Milestone.key == key)
    )


def test_imported_schedule_moves_due_dates_by_its_holiday_and_make_up_day(runner, db, tmp_path):
    task = _task()
    # Q1 reports due on the 6th working day after 2027-03-31.
    save_template(2027, [1, 2, 3, 4], 6, 12, 15, actor=None)
    generate_milestones(2027)
    # Without the schedule: only 清明节 04-05 is estimated: 04-01, 04-02, 04-06, 04-07, 04-08, 04-09.
    assert _due(task, 2027, "Q1") == date(2027, 4, 9)
    assert work_calendar().is_provisional(2027)
    db.session.commit()

    result = runner.invoke(calendar_cli, ["import", str(write(tmp_path, YEAR_2027))])
    assert result.exit_code == 0, result.output
    assert "已录入 2027 年节假日安排：放假 3 项，调休上班 2 天" in result.output

    # With it: 04-05 and 04-06 off, the make-up Saturday 04-10 counts:
    # 04-01, 04-02, 04-07, 04-08, 04-09, 04-10 (Saturday).
    calendar = work_calendar()
    assert not calendar.is_provisional(2027)
    assert calendar.quarterly_due_date(2027, 1, 6) == date(2027, 4, 10)
    assert _due(task, 2027, "Q1") == date(2027, 4, 10)  # the generated milestone moved with it
    # National Day: 10-01..10-07 off, 10-09 Saturday a working day; Q3's 6th working day is 10-14.
    assert _due(task, 2027, "Q3") == date(2027, 10, 14)
    assert not calendar.is_working_day(date(2027, 1, 2))
    assert calendar.is_working_day(date(2027, 10, 9))


def test_generating_after_the_import_uses_the_schedule(runner, db, tmp_path):
    task = _task()
    assert runner.invoke(calendar_cli, ["import", str(write(tmp_path, YEAR_2027))]).exit_code == 0
    generate_milestones(2027)
    # Default template: the 5th working day after 03-31 is 04-09 (04-05 and 04-06 off).
    assert _due(task, 2027, "Q1") == date(2027, 4, 9)


def test_dates_the_office_edited_stay_when_a_schedule_is_imported(runner, db, tmp_path):
    task = _task()
    generate_milestones(2027)
    q1 = db.session.scalar(select(Milestone).where(Milestone.task_id == task.id, Milestone.key == "Q1"))
    update_milestone(q1, q1.title, date(2027, 4, 20), actor=None)
    db.session.commit()
    assert runner.invoke(calendar_cli, ["import", str(write(tmp_path, YEAR_2027))]).exit_code == 0
    assert _due(task, 2027, "Q1") == date(2027, 4, 20)


def test_import_is_audited_and_reimport_replaces_the_year(runner, db, tmp_path):
    assert runner.invoke(calendar_cli, ["import", str(write(tmp_path, YEAR_2027))]).exit_code == 0
    changed = YEAR_2027.replace("to: 2027-04-06", "to: 2027-04-05").replace("[2027-04-10, 2027-10-09]", "[2027-10-09]")
    result = runner.invoke(calendar_cli, ["import", str(write(tmp_path, changed.replace("通知", "通知（修订）")))])
    assert result.exit_code == 0, result.output
    assert "已替换 2027 年节假日安排" in result.output
    schedule = db.session.scalar(select(YearSchedule).where(YearSchedule.year == 2027))
    assert schedule.source.endswith("（修订）")
    assert schedule.workdays == [date(2027, 10, 9)]
    assert db.session.scalar(select(func.count()).select_from(ScheduleEntry)) == 4
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "calendar.schedule_import").order_by(AuditEvent.id)
    ).all()
    assert [e.object_id for e in events] == ["2027", "2027"]
    assert events[0].before is None
    assert events[0].after["workdays"] == ["2027-04-10", "2027-10-09"]
    assert events[1].before == events[0].after
    assert {"name": "清明节", "from": "2027-04-05", "to": "2027-04-05"} in events[1].after["holidays"]
    # The same file again changes nothing and logs nothing.
    again = runner.invoke(calendar_cli, ["import", str(write(tmp_path, changed.replace("通知", "通知（修订）")))])
    assert "未作修改" in again.output
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "calendar.schedule_import")
        )
        == 2
    )


def test_show_prints_the_source_and_holidays(runner, db, tmp_path):
    result = runner.invoke(calendar_cli, ["show", "2027"])
    assert result.exit_code == 0, result.output
    assert "暂定" in result.output and "春节" in result.output
    assert runner.invoke(calendar_cli, ["import", str(write(tmp_path, YEAR_2027))]).exit_code == 0
    result = runner.invoke(calendar_cli, ["show", "2027"])
    assert "依据：国务院办公厅关于2027年部分节假日安排的通知" in result.output
    assert "清明节：4月5日（周一）至4月6日（周二），共 2 天" in result.output
    assert "上班  4月10日（周六）（调休）" in result.output
    assert "暂定" not in result.output
    official = runner.invoke(calendar_cli, ["show", "2025"])
    assert "国庆节、中秋节" in official.output and "上班  9月28日（周日）（调休）" in official.output
