"""`flask seed --demo` adds a running demo plan 2026-2030 (marked 演示): tasks, some carried over from the 十四五
plan, indicators with 2025 baselines and 2030 targets; its milestones generate and reminders run in 2027-2031."""

from sqlalchemy import func, select

from supervision.indicators.models import Indicator
from supervision.milestones.models import Milestone
from supervision.plans.models import Plan
from supervision.tasks.models import Task
from tests.helpers import seed
from tests.workflow import office_client

DEMO = "HZ-DEMO-2026-2030"


def invoke(runner, *args):
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_demo_plan_is_marked_carries_tasks_over_and_is_idempotent(runner, db):
    output = seed(runner, "--demo").output
    assert "演示规划：任务：新增 5" in output and "转入演示规划 2 项" in output
    plan = db.session.scalar(select(Plan).where(Plan.code == DEMO))
    assert plan.is_demo and plan.status == "running" and (plan.start_year, plan.end_year) == (2026, 2030)
    carried = db.session.scalars(select(Task).where(Task.successor_id.is_not(None))).all()
    assert {t.plan.code for t in carried} == {"HZ-2021-2025"} and {t.status for t in carried} == {"carried_over"}
    assert {t.successor.plan.code for t in carried} == {DEMO}
    indicators = db.session.scalars(select(Indicator).where(Indicator.plan_code == DEMO)).all()
    assert indicators and {(i.baseline_year, i.target_year) for i in indicators} == {(2025, 2030)}
    again = seed(runner, "--demo").output
    assert "转入演示规划 0 项" in again and "任务：新增 0" in again.split("演示规划：")[1]


def test_demo_milestones_generate_for_2026_to_2030_and_reminders_run_in_2027_to_2031(runner, db):
    seed(runner, "--demo")
    for year in range(2026, 2031):
        invoke(runner, "milestones", "generate", "--year", str(year))
    counts = dict(
        db.session.execute(
            select(Milestone.year, func.count()).join(Task).join(Plan).where(Plan.code == DEMO).group_by(Milestone.year)
        ).all()
    )
    assert set(counts) == set(range(2026, 2031)) and all(counts.values())
    for day in ("2027-03-05", "2028-10-20", "2029-03-05", "2030-12-16", "2031-01-15"):
        output = invoke(runner, "reminders", "run", "--today", day)
        assert day in output


def test_a_carried_over_task_page_shows_its_predecessor_history(app, runner, db):
    client = office_client(app, runner, db)
    invoke(runner, "seed", "--demo")
    invoke(runner, "milestones", "generate", "--year", "2025")
    successor = db.session.scalar(select(Task).join(Plan).where(Plan.code == DEMO, Task.number == 1))
    html = client.get(f"/tasks/{successor.id}").get_data(as_text=True)
    assert "前序任务的历史" in html and "健康杭州“十四五”规划" in html and "2025 年" in html
