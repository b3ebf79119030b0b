"""Excel round trip through the CLI and the office's upload page: all or nothing."""

import io
import json

import openpyxl
from sqlalchemy import delete, func, select

from supervision.plans.models import Plan
from supervision.tasks.models import Task, TaskDepartment, TaskTarget
from tests.helpers import csrf_token, login, make_user, seed


def export(runner, fmt, out):
    result = runner.invoke(args=["plan", "export", "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_excel_round_trip_is_lossless(runner, db, tmp_path):
    seed(runner)
    original = json.loads(export(runner, "json", tmp_path / "a.json").read_text())
    xlsx = export(runner, "xlsx", tmp_path / "plans.xlsx")
    workbook = openpyxl.load_workbook(xlsx)
    headers = [c.value for c in workbook["HZ-2021-2025"][1]][:7]
    assert headers == ["序号", "类别", "名称", "目标和内容", "周期", "牵头部门", "配合部门"]
    for model in (TaskTarget, TaskDepartment, Task, Plan):
        db.session.execute(delete(model))
    db.session.commit()
    result = runner.invoke(args=["plan", "import", str(xlsx)])
    assert result.exit_code == 0, result.output
    assert "新增任务 47" in result.output
    assert json.loads(export(runner, "json", tmp_path / "b.json").read_text()) == original


def test_bad_excel_lists_sheet_row_column_and_imports_nothing(runner, db, tmp_path):
    seed(runner)
    xlsx = export(runner, "xlsx", tmp_path / "plans.xlsx")
    workbook = openpyxl.load_workbook(xlsx)
    workbook["规划"]["A2"] = "HZ-NEW"
    workbook["HZ-2021-2025"].title = "HZ-NEW"
    workbook["HZ-NEW"]["E3"] = "2025到2021年"
    workbook["HZ-NEW"]["F4"] = "市火星局"
    workbook.save(tmp_path / "bad.xlsx")
    result = runner.invoke(args=["plan", "import", str(tmp_path / "bad.xlsx")])
    assert result.exit_code != 0
    assert "工作表“HZ-NEW”第 3 行“周期”列" in result.output
    assert db.session.scalar(select(func.count()).select_from(Plan).where(Plan.code == "HZ-NEW")) == 0
    workbook["HZ-NEW"]["E3"] = "2021-2025"
    workbook.save(tmp_path / "bad.xlsx")
    result = runner.invoke(args=["plan", "import", str(tmp_path / "bad.xlsx")])
    assert result.exit_code != 0 and "市火星局" in result.output
    assert db.session.scalar(select(func.count()).select_from(Plan).where(Plan.code == "HZ-NEW")) == 0


def test_office_uploads_a_new_plan_and_a_broken_file_changes_nothing(app, runner, db, tmp_path):
    seed(runner)
    make_user("office1", roles=("office",), department=None)
    xlsx = export(runner, "xlsx", tmp_path / "plans.xlsx")
    workbook = openpyxl.load_workbook(xlsx)
    del workbook["HZ-ACTION-2023-2025"]
    workbook["规划"].delete_rows(3)
    workbook["规划"]["A2"] = "HZ-COPY"
    workbook["规划"]["B2"] = "测试导入规划"
    workbook["HZ-2021-2025"].title = "HZ-COPY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = app.test_client()
    login(client, "office1")
    broken = client.post(
        "/plans/import",
        data={"csrf_token": csrf_token(client, "/plans/"), "file": (io.BytesIO(b"not excel"), "x.xlsx")},
        content_type="multipart/form-data",
    )
    assert broken.status_code == 400 and "不是有效的 Excel" in broken.get_data(as_text=True)
    response = client.post(
        "/plans/import",
        data={"csrf_token": csrf_token(client, "/plans/"), "file": (io.BytesIO(buffer.getvalue()), "新规划.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    assert "导入成功" in client.get("/plans/").get_data(as_text=True)
    copy = db.session.scalar(select(Plan).where(Plan.code == "HZ-COPY"))
    assert copy.title == "测试导入规划" and len(copy.tasks) == 20


def test_readers_download_the_catalogue_as_excel(app, runner, db):
    seed(runner)
    make_user("leader1", roles=("leader",))
    client = app.test_client()
    login(client, "leader1")
    response = client.get("/plans/export.xlsx?plan=HZ-ACTION-2023-2025")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["规划", "HZ-ACTION-2023-2025"]
    assert workbook["HZ-ACTION-2023-2025"].max_row == 28
