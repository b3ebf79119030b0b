"""The workbench (我的任务) and the status ledger export."""

from sqlalchemy import func, select

from supervision.tasks.models import Task
from tests.workflow import setup_year, user_client


def test_workbench_and_status_export(app, runner, db):
    _task, q3 = setup_year(runner, db)
    lead = user_client(app, db, "lead1", ("liaison",), "市卫生健康委")
    html = lead.get("/work/?year=2025").get_data(as_text=True)
    assert "我的任务" in html and "已逾期" in html  # 2025 is over: every open milestone is red
    office = user_client(app, db, "office1", ("office",), "市卫生健康委")
    html = office.get("/work/overview?year=2025&light=red").get_data(as_text=True)
    assert "按牵头部门" in html and "市卫生健康委" in html
    result = runner.invoke(args=["status", "export", "--year", "2025", "--format", "json"])
    import json

    data = json.loads(result.output)
    active = db.session.scalar(select(func.count()).select_from(Task).where(Task.active))
    assert data["year"] == 2025 and len(data["tasks"]) == active
    first = next(t for t in data["tasks"] if t["milestones"])
    assert {m["light"] for m in first["milestones"]} <= {"green", "yellow", "red", "done", "grey"}
    assert first["milestones"][0]["due_date"].startswith("2025-")


def test_status_ledger_as_excel_has_chinese_headers(runner, db, tmp_path):
    setup_year(runner, db)
    out = tmp_path / "ledger.xlsx"
    result = runner.invoke(args=["status", "export", "--year", "2025", "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    import openpyxl

    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[1]][:4] == ["规划", "类型", "序号", "任务名称"]
    assert sheet.max_row == 1 + 37 * 5 + (47 - 37)  # five milestones for each task covering 2025
