"""Issue 18.4: districts are ranked apart from municipal departments; their scorecards show the district rank."""

import shutil
import subprocess

import pytest
from sqlalchemy import select

from supervision.assessment.models import Assessment
from supervision.assessment.scoring.services import compute_year
from tests.assessment.builders import TODAY, Year2025, department, key_project
from tests.helpers import login, make_user

pdf_tools = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

# Key project 1 names 各区、县(市)政府 as cooperating: each district answers its milestones with a contribution.
ON_TIME = {"Q1": "2025-04-08", "Q2": "2025-07-08", "Q3": "2025-10-09", "annual": "2026-01-08"}
LATE = {"Q1": "2025-04-20", "Q2": "2025-07-20"}
PLAN = {"上城区": ON_TIME, "西湖区": {**ON_TIME, **LATE}, "建德市": {}}  # all on time, half late, nothing


@pytest.fixture
def year(runner, db, monkeypatch):
    built = Year2025(runner, db, monkeypatch).build()
    task = key_project(db, 1)
    for name, days in PLAN.items():
        liaison = make_user(f"{name}-liaison", ("liaison",), department(db, name))
        for key, day in days.items():
            built.contribute(task, key, day, liaison)
    db.session.commit()
    compute_year(2025, TODAY)
    db.session.commit()
    return built


def rated(db, kind):
    rows = db.session.scalars(select(Assessment).where(Assessment.year == 2025, Assessment.kind == kind)).all()
    return {a.department.name: a for a in rows if a.rated}


def office_page(app, path):
    client = app.test_client()
    login(client, "office1")
    with client.get(path) as response:
        assert response.status_code == 200
        return response.get_data(as_text=True)


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode()


def test_districts_get_ranks_1_to_n_among_themselves(year, db):
    districts, municipal = rated(db, "district"), rated(db, "municipal")
    assert set(districts) == set(PLAN)  # the districts with accounts answer for 各区、县(市)政府
    totals = {name: a.total for name, a in districts.items()}
    assert totals["上城区"] > totals["西湖区"] > totals["建德市"]
    assert [districts[n].rank for n in ("上城区", "西湖区", "建德市")] == [1, 2, 3]
    assert {a.rank_of for a in districts.values()} == {len(districts)}
    # the municipal ranking is its own: it starts at 1 and counts municipal departments only
    assert min(a.rank for a in municipal.values()) == 1
    assert {a.rank_of for a in municipal.values()} == {len(municipal)}
    assert not set(districts) & set(municipal)


def test_the_results_page_shows_two_separately_ranked_tables(app, year, db):
    html = office_page(app, "/assessment/?year=2025")
    before, _, rest = html.partition('<h2 class="h5 mt-3">市直部门（')
    municipal, _, rest = rest.partition('<h2 class="h5 mt-3">区、县（市）（3）')
    districts = rest.partition('id="not-participating"')[0]
    assert municipal and districts
    assert "市教育局" in municipal and not any(name in municipal for name in PLAN)
    assert all(name in districts for name in PLAN) and "市教育局" not in districts
    assert districts.index("上城区") < districts.index("西湖区") < districts.index("建德市")


@pdf_tools
def test_the_summary_pdf_has_a_district_table(app, year):
    client = app.test_client()
    login(client, "office1")
    with client.get("/assessment/2025/summary.pdf") as response:
        assert response.status_code == 200
        text = pdf_text(response.data)
    municipal, _, districts = text.partition("区、县（市）（3 个")
    assert "市直部门（" in municipal and "市教育局" in municipal and "上城区" not in municipal
    assert districts.index("上城区") < districts.index("西湖区") < districts.index("建德市")


@pdf_tools
def test_a_district_scorecard_reads_back_with_its_rank_among_districts(app, year, db):
    xihu = rated(db, "district")["西湖区"]
    client = app.test_client()
    login(client, "office1")
    with client.get(f"/assessment/2025/departments/{xihu.department_id}/scorecard.pdf") as response:
        assert response.status_code == 200
        text = " ".join(pdf_text(response.data).split())
    assert "西湖区" in text and "2025年度健康杭州建设考核评分表" in text
    assert "排名：第2名/3个区、县(市)" in text.replace(" ", "")  # its rank among the districts
    assert "配合任务完成情况" in text
