"""No year outside chinesecalendar raises: milestones for 2026-2030, reminders on dates of 2027-2031."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from supervision.assessment.scoring.timeline import LateDays
from supervision.milestones.models import Milestone
from supervision.milestones.services import generate_milestones
from supervision.reminders.digests import run_digests
from supervision.reminders.services import run_reminders
from supervision.work.lights import yellow_limit
from supervision.work.queries import milestones_of_year, rows_for
from tests.builders import make_plan, make_task, make_user

DAYS = ["2027-01-04", "2027-04-09", "2027-10-01", "2028-01-04", "2029-03-05", "2030-06-03", "2031-01-08", "2031-12-31"]


def _world():
    plan = make_plan(code="HZ-2026-2030", start_year=2026, end_year=2030)
    make_task(plan, lead=("市卫生健康委",), cooperating=("市司法局",))
    make_task(plan, lead=("市司法局",))
    make_user("wjw_liaison", roles=("liaison",), department="市卫生健康委")
    make_user("sfj_liaison", roles=("liaison",), department="市司法局")
    make_user("office1", roles=("office",))


def test_milestones_of_2026_to_2030_and_reminders_of_2027_to_2031(db):
    _world()
    for year in range(2026, 2031):
        result = generate_milestones(year)
        assert result["created"] == 10, year
    db.session.commit()
    q4_2030 = db.session.scalar(select(Milestone).where(Milestone.year == 2030, Milestone.key == "Q4"))
    assert q4_2030.due_date.year == 2031
    for text in DAYS:
        day = date.fromisoformat(text)
        run = run_reminders(day)
        db.session.commit()
        run_digests(day)
        db.session.commit()
        assert run.working_day == (text != "2027-10-01"), text  # 国庆节 is estimated for 2027
        rows_for(milestones_of_year(day.year), day)
        yellow_limit(day)
        LateDays(day).days(date(day.year, 1, 1), None)
    assert db.session.scalar(select(func.count()).select_from(Milestone)) == 50


def test_the_commands_of_the_issue_run(runner, db):
    _world()
    db.session.commit()
    result = runner.invoke(args=["milestones", "generate", "--year", "2028"])
    assert result.exit_code == 0, result.output
    assert "新增节点 10 个" in result.output
    for day in ("2029-03-05", "2031-06-09"):
        result = runner.invoke(args=["reminders", "run", "--today", day])
        assert result.exit_code == 0, result.output
        assert "催办" in result.output
