"""`flask bench generate`: realistic volumes with a valid audit chain, growing with the scale."""

from sqlalchemy import func, select

from supervision.accounts.models import Department, User
from supervision.audit.services import verify_chain
from supervision.bench.population import DISTRICTS, district_copies, district_plans, users_per_department
from supervision.evidence.models import Evidence
from supervision.milestones.models import Milestone
from supervision.plans.models import Plan
from supervision.reports.models import Report
from supervision.tasks.models import Task
from tests.helpers import seed


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_scale_one_is_the_real_plans_over_five_years(runner, db):
    seed(runner)
    result = runner.invoke(args=["bench", "generate", "--scale", "1"])
    assert result.exit_code == 0, result.output
    assert count(db, Milestone) == 47 * 5 * 5
    reports = count(db, Report)
    assert 0.95 * 47 * 5 * 5 <= reports < 47 * 5 * 5  # a few recent milestones are left unreported
    assert count(db, Evidence) == 3 * reports
    events, problems = verify_chain()
    assert problems == [] and events >= count(db, Report)
    again = runner.invoke(args=["bench", "generate", "--scale", "1"])
    assert again.exit_code != 0 and "已有节点数据" in again.output


def test_scale_two_adds_one_district_plan_over_ten_years_and_says_so(runner, db):
    seed(runner)
    result = runner.invoke(args=["bench", "generate", "--scale", "2"])
    assert result.exit_code == 0, result.output
    tasks = 47 * (1 + district_copies(2))
    assert count(db, Task) == tasks == 94
    assert count(db, Milestone) == tasks * 10 * 5
    assert count(db, Evidence) == 18 * count(db, Report)
    assert count(db, Report) < count(db, Milestone) / 2 + 200  # 2026-2030 are planned, not yet reported
    assert count(db, User) >= count(db, Department) * users_per_department(2)  # bench accounts
    for label in ("scale 2", "years 2021-2030", "district_plans 1", f"tasks {tasks}"):
        assert label in result.output  # the output says what was generated
    events, problems = verify_chain()
    assert problems == [] and events >= count(db, Report)


def test_the_data_grows_linearly_with_the_scale():
    tasks = {n: 47 * (1 + district_copies(n)) for n in (1, 2, 5, 10, 20, 100)}
    assert tasks[1] == 47 and tasks[10] == 658  # scale 10: every district runs the 47 tasks once
    assert 9.5 <= tasks[100] / tasks[10] <= 10.5  # scale 100: about ten times scale 10
    assert tasks[1] < tasks[2] < tasks[5] < tasks[10] < tasks[20] < tasks[100]
    assert district_copies(100) > len(DISTRICTS)  # every district's local tasks several times over
    users = {n: users_per_department(n) for n in (1, 10, 100)}
    assert users == {1: 3, 10: 13, 100: 130}


def test_beyond_thirteen_plans_each_district_gets_a_further_batch_of_its_own(runner, db):
    seed(runner)
    base = list(db.session.scalars(select(Task)))
    created = district_plans(base, len(DISTRICTS) + 2)  # as at scale 100, but only 15 plans
    db.session.flush()
    assert len(created) == 15 * len(base)
    plans = list(db.session.scalars(select(Plan).where(Plan.code.like("BENCH-%")).order_by(Plan.id)))
    assert [p.code for p in plans[-2:]] == [f"BENCH-{DISTRICTS[0]}-2", f"BENCH-{DISTRICTS[1]}-2"]
    assert "第2批" in plans[-1].title
    leads = {task.departments[0].department.name for task in created}
    assert leads == set(DISTRICTS)  # one department per district, however many batches
