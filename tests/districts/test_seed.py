"""`flask seed` creates the 13 district units; tasks keep 各区、县(市)政府 as the documents write it."""

import shutil
from pathlib import Path

import yaml
from sqlalchemy import func, select

from supervision.accounts.models import Department
from supervision.districts.units import COLLECTIVE, district_units, names_districts, task_units
from supervision.tasks.models import Task
from tests.helpers import seed

HANGZHOU = ["上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区", "临平区", "钱塘区", "富阳区", "临安区"]
HANGZHOU += ["桐庐县", "淳安县", "建德市"]
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_the_seed_file_lists_the_13_units_and_no_city_department():
    rows = yaml.safe_load((SEEDS / "districts.yaml").read_text(encoding="utf-8"))["departments"]
    assert [r["name"] for r in rows] == HANGZHOU
    assert {r["kind"] for r in rows} == {"district"}
    city = yaml.safe_load((SEEDS / "departments.yaml").read_text(encoding="utf-8"))["departments"]
    assert not {r["name"] for r in rows} & {r["name"] for r in city}


def test_no_plan_names_a_district_unit_so_the_documents_text_stays():
    for path in (SEEDS / "plans").glob("*.yaml"):
        for task in yaml.safe_load(path.read_text(encoding="utf-8"))["tasks"]:
            assert not set(HANGZHOU) & {*task.get("lead", []), *task.get("cooperating", [])}, task["number"]


def test_seed_creates_the_districts_once(runner, db):
    first = seed(runner)
    assert "区、县(市)：新增 13，更新 0，未变 0" in first.output
    second = seed(runner)
    assert "区、县(市)：新增 0，更新 0，未变 13" in second.output
    db.session.rollback()
    assert [d.name for d in district_units()] == HANGZHOU
    assert db.session.scalar(select(func.count()).select_from(Department).where(Department.kind == "district")) == 13


def test_tasks_keep_the_collective_and_it_stands_for_each_district(runner, db):
    seed(runner)
    tasks = list(db.session.scalars(select(Task)))
    naming = [t for t in tasks if names_districts(t)]
    assert naming, "the key projects name 各区、县(市)政府"
    for task in naming:
        assert COLLECTIVE in [d.name for d in task.cooperating_departments + task.lead_departments]
        assert not {d.name for d in task.cooperating_departments} & set(HANGZHOU)
        units = [d.name for d, role in task_units(task)]
        assert COLLECTIVE not in units
        assert [n for n in units if n in HANGZHOU] == HANGZHOU


def test_a_broken_district_file_loads_nothing(runner, db, tmp_path, monkeypatch):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "seeds" / "districts.yaml").write_text(
        "departments:\n  - name: 新区\n    kind: district\n  - name: ''\n    kind: district\n", encoding="utf-8"
    )
    monkeypatch.setattr("supervision.cli.ROOT", tmp_path)
    result = runner.invoke(args=["seed"])
    assert result.exit_code != 0
    assert "districts.yaml 第 2 个部门缺少名称" in result.output
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Department)) == 0  # not even the city units
