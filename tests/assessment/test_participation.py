"""Issue 14.9: 不参评 units apart with no rank or grade, 并列 ranks, 逾期完成, `flask assessment export`."""

import io
import json
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from supervision.assessment.models import Assessment
from supervision.assessment.output.scorecards import rank_text
from supervision.assessment.scoring.ranking import assign_ranks
from supervision.assessment.scoring.services import compute_year
from tests.assessment.builders import TODAY, Year2025, milestone
from tests.helpers import login


@pytest.fixture
def year(runner, db, monkeypatch):
    built = Year2025(runner, db, monkeypatch).build()
    compute_year(2025, TODAY)
    db.session.commit()
    return built


def office(app):
    client = app.test_client()
    login(client, "office1")
    return client


def rows_of(db):
    return db.session.scalars(select(Assessment).where(Assessment.year == 2025)).all()


def test_json_export_lists_units_that_do_not_participate_without_rank_or_grade(runner, year, db):
    result = runner.invoke(args=["assessment", "export", "--year", "2025", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["year"] == 2025 and data["status"] == "draft"
    by_name = {d["name"]: d for d in data["departments"]}
    assert set(by_name) == {a.department.name for a in rows_of(db)}
    justice = by_name["市司法局"]  # only cooperates: scored on its contributions
    assert justice["participating"] and justice["total"] == 80.0 and justice["grade"] == "良好"
    idle = [d for d in data["departments"] if not d["participating"]]  # no led milestone, contribution or indicator
    assert idle and all(d["total"] is None and d["rank"] is None and d["grade"] is None for d in idle)
    assert idle[0] == {
        "name": idle[0]["name"],
        "kind": idle[0]["kind"],
        "participating": False,
        "total": None,
        "rank": None,
        "grade": None,
    }
    edu = by_name["市教育局"]
    assert edu["participating"] and edu["rank"] >= 1 and edu["grade"] and edu["total"] == 55.73
    for d in data["departments"]:
        assert d["participating"] == (d["rank"] is not None) == (d["grade"] is not None) == (d["total"] is not None)
    # ranked units first within their kind, the 不参评 ones after them
    flags = [d["participating"] for d in data["departments"] if d["kind"] == "municipal"]
    assert flags == sorted(flags, reverse=True)


def test_xlsx_export_has_chinese_headers(runner, year, tmp_path):
    out = tmp_path / "results.xlsx"
    result = runner.invoke(args=["assessment", "export", "--year", "2025", "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(io.BytesIO(out.read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("单位", "单位类型", "是否参评", "总分", "排名", "参评单位数", "等次")
    idle = next(r for r in rows if r[2] == "不参评")
    assert idle[1] == "市级部门" and idle[3:] == (None, "不参评", None, "—")
    justice = next(r for r in rows if r[0] == "市司法局")
    assert justice[2] == "参评" and justice[3] == 80.0


def test_export_before_computing_is_refused_in_chinese(runner, db):
    result = runner.invoke(args=["assessment", "export", "--year", "2031"])
    assert result.exit_code != 0 and "尚未计算考核结果" in result.output


def test_the_results_page_lists_units_that_do_not_participate_apart(app, year, db):
    html = office(app).get("/assessment/?year=2025").get_data(as_text=True)
    ranked, _, apart = html.partition('id="not-participating"')
    assert apart and "市司法局" in ranked and "市司法局" not in apart  # cooperation alone is scored
    assert "市教育局" in ranked
    unrated = [a for a in rows_of(db) if not a.rated]
    assert all(a.department.name in apart for a in unrated)


def test_tied_units_share_a_rank_shown_as_bingl(app, year, db):
    rated = [a for a in rows_of(db) if a.rated]
    ranks = [a.rank for a in rated]
    shared = {r for r in ranks if ranks.count(r) > 1}
    assert shared  # leads that did nothing share a rank in this dataset
    html = office(app).get("/assessment/?year=2025").get_data(as_text=True)
    for a in rated:
        assert a.detail["tied"] == (a.rank in shared)
    for rank in shared:
        assert f"并列第{rank}名" in html
    for rank in set(ranks) - shared:
        assert f"并列第{rank}名" not in html and f"第{rank}名" in html


def test_competition_ranking_marks_ties():
    def unit(name, total):
        return {"name": name, "total": total, "components": [], "bonus": {"total": 0}, "deductions": {"total": 0}}

    results = [unit("甲", 90), unit("乙", 80), unit("丙", 80), unit("丁", 70)]
    assign_ranks(results, [])
    assert [(r["rank"], r["tied"]) for r in results] == [(1, False), (2, True), (2, True), (4, False)]
    assert [rank_text(r["rank"], r["tied"]) for r in results] == ["第1名", "并列第2名", "并列第2名", "第4名"]
    assert rank_text(None, False) == "不参评"


def test_a_milestone_approved_late_shows_done_late(app, year, db):
    client = office(app)
    on_time = milestone(db, year.task16, "Q1")  # sent 2025-04-03, due 2025-04-10, approved
    late = milestone(db, year.task16, "Q3")  # the approved version sent 2025-10-16, after its due date
    assert late.due_date.isoformat() < "2025-10-16"

    def heading(m):
        html = client.get(f"/milestones/{m.id}").get_data(as_text=True)
        return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)

    assert "逾期完成" in heading(late) and "已完成" not in heading(late)
    assert "已完成" in heading(on_time) and "逾期完成" not in heading(on_time)
    task_page = client.get(f"/tasks/{year.task16.id}?year=2025").get_data(as_text=True)
    assert "逾期完成" in task_page and "已完成" in task_page
    # the assessment tells the two apart in the same words
    edu = next(a for a in rows_of(db) if a.department_id == year.edu.id)
    notes = {
        i["milestone_id"]: i["note"] for c in edu.detail["components"] for i in c["items"] if c["key"] == "lead_tasks"
    }
    assert notes[on_time.id].startswith("按期完成") and notes[late.id].startswith("逾期完成")
    on_time_items = next(c for c in edu.detail["components"] if c["key"] == "on_time_reporting")["items"]
    assert any(i["milestone_id"] == late.id and "逾期完成" in i["note"] for i in on_time_items)
