"""`flask bench generate`: realistic volumes with a valid audit chain."""

from sqlalchemy import func, select

from supervision.audit.services import verify_chain
from supervision.evidence.models import Evidence
from supervision.milestones.models import Milestone
from supervision.reports.models import Report
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


def test_larger_scale_adds_districts_running_every_task(runner, db):
    seed(runner)
    result = runner.invoke(args=["bench", "generate", "--scale", "2"])
    assert result.exit_code == 0, result.output
    assert count(db, Milestone) == (47 + 13 * 47) * 10 * 5
    assert count(db, Evidence) == 18 * count(db, Report)
    assert count(db, Report) < count(db, Milestone) / 2 + 1000  # 2026-2030 are planned, not yet reported
