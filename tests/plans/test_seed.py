"""`flask seed` and `flask plan export` against the source documents."""

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from supervision.accounts.models import Department
from supervision.audit.models import AuditEvent
from supervision.config import ROOT
from supervision.indicators.models import Indicator
from supervision.tasks.models import Task
from tests.helpers import seed


def export_json(runner, *args):
    result = runner.invoke(args=["plan", "export", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def tasks_by_number(data, code):
    plan = next(p for p in data["plans"] if p["code"] == code)
    return {t["number"]: t for t in plan["tasks"]}


def test_seed_then_export_lists_20_key_projects_and_27_actions(runner):
    seed(runner)
    data = export_json(runner)
    key = tasks_by_number(data, "HZ-2021-2025")
    actions = tasks_by_number(data, "HZ-ACTION-2023-2025")
    assert sorted(key) == list(range(1, 21)) and sorted(actions) == list(range(1, 28))
    assert {t["kind"] for t in key.values()} == {"key_project"}
    assert {t["kind"] for t in actions.values()} == {"action"}
    # as the annex states: project 1 has two leads, 各区、县(市)政府 stays one entry
    assert key[1]["lead"] == ["市卫生健康委", "市建委"]
    assert "各区、县(市)政府" in key[1]["cooperating"]
    assert key[2]["lead"] == ["市卫生健康委", "市规划和自然资源局"]
    assert key[1]["category"] == "健康环境项目" and key[1]["name"] == key[2]["name"] == "提升健康支持性环境"
    assert key[3]["period"] == [2021, 2023]
    assert set(data["plans"][0]) >= {"code", "title", "period", "tasks"}
    # the 27 actions name no lead department: none is shipped
    assert all(t["lead"] == [] and t["cooperating"] == [] for t in actions.values())
    assert len({t["category"] for t in actions.values()}) == 8
    assert actions[1]["name"] == "健康知识普及行动" and actions[1]["category"] == "普及健康生活方式"
    assert sum(len(t["targets"]) for t in actions.values()) > 0


def test_seed_loads_departments_with_aliases_and_indicators(runner, db):
    seed(runner)
    assert db.session.scalar(select(func.count()).select_from(Department)) >= 55
    assert db.session.scalar(select(func.count()).select_from(Indicator)) == 52
    from supervision.accounts.services import find_department

    assert find_department("市文广旅游局").name == "市文化广电旅游局"


def test_seeding_twice_changes_nothing(runner, db):
    seed(runner)
    before = export_json(runner)
    events = db.session.scalar(select(func.count()).select_from(AuditEvent))
    result = seed(runner)
    assert "任务：新增 0，更新 0，未变 47" in result.output
    assert export_json(runner) == before
    # only the two exports were logged in between; the seed itself wrote nothing
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == events + 1


@pytest.fixture
def seed_copy(tmp_path, monkeypatch):
    """A copy of seeds/ that a test may edit; `flask seed` reads it instead of the real one."""
    copy = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", copy)
    fake_root = tmp_path
    monkeypatch.setattr("supervision.cli.ROOT", fake_root)
    return copy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_edited_seed_updates_rows_but_keeps_assignments_made_in_the_app(runner, db, seed_copy):
    seed(runner)
    from supervision.tasks.services import assign_departments

    task = db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == 4))
    sports = db.session.scalar(select(Department).where(Department.name == "市体育局"))
    assign_departments(task, [sports.id], [], actor=None)
    db.session.commit()
    plan_file = seed_copy / "plans" / "hz-14th-five-year.yaml"
    _edit(plan_file, "name: 公共政策健康影响评价", "name: 公共政策健康影响评价（修订）")
    _edit(plan_file, "name: 推动地方健康立法", "name: 推动地方健康立法（修订）")
    result = seed(runner)
    assert "更新 2" in result.output
    db.session.rollback()
    task = db.session.get(Task, task.id)
    assert task.name == "公共政策健康影响评价（修订）"
    assert [d.name for d in task.lead_departments] == ["市体育局"]


def test_unknown_department_in_seed_fails_naming_it_and_loads_nothing(runner, db, seed_copy):
    _edit(
        seed_copy / "plans" / "hz-14th-five-year.yaml", "lead: [市卫生健康委, 市建委]", "lead: [市卫生健康委, 市火星局]"
    )
    result = runner.invoke(args=["seed"])
    assert result.exit_code != 0
    assert "市火星局" in result.output
    assert db.session.scalar(select(func.count()).select_from(Task)) == 0
    assert db.session.scalar(select(func.count()).select_from(Department)) == 0


def test_seed_demo_adds_marked_demo_accounts_and_action_leads(runner, db):
    result = seed(runner, "--demo")
    assert "演示账号" in result.output
    from supervision.accounts.models import User

    demo_users = db.session.scalars(select(User).where(User.is_demo)).all()
    assert demo_users and all(u.is_demo for u in demo_users)
    actions = db.session.scalars(select(Task).where(Task.kind == "action")).all()
    assert all(t.lead_departments and t.has_demo_assignment for t in actions)
    key_projects = db.session.scalars(select(Task).where(Task.kind == "key_project")).all()
    assert not any(t.has_demo_assignment for t in key_projects)
    again = seed(runner, "--demo")
    assert "新增账号 0 个，演示交办 0 项" in again.output
