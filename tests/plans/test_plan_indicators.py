"""A new plan imported from Excel with its indicators sheet (any baseline and target years): all or nothing."""

import io

import openpyxl
from sqlalchemy import func, select

from supervision.audit.models import AuditEvent
from supervision.indicators.models import Indicator
from supervision.plans.models import Plan
from tests.helpers import csrf_token, login, make_user, seed

TASK = [1, "健康环境", "推进全民健身设施建设", "建成一批社区运动场地", "2026-2030", "市体育局", "", "重点任务", ""]


def _office(app, runner):
    seed(runner)
    make_user("office1", roles=("office",), department=None)
    client = app.test_client()
    login(client, "office1")
    return client


def _filled_template(client, indicator_rows) -> bytes:
    response = client.get("/plans/template.xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["规划", "HZ-2026-2030", "指标"]
    workbook["规划"]["B2"] = "健康杭州“十五五”规划"
    workbook["HZ-2026-2030"].append(TASK)
    sheet = workbook["指标"]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["规划编号", "序号", "口径范围"] and "基期年份" in headers and "目标年份" in headers
    sheet.cell(row=1, column=len(headers) + 1, value="2026年")  # year columns as the export writes them: ignored
    for row in indicator_rows:
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, data: bytes):
    return client.post(
        "/plans/import",
        data={"csrf_token": csrf_token(client, "/plans/"), "file": (io.BytesIO(data), "新规划.xlsx")},
        content_type="multipart/form-data",
    )


GOOD = [
    {
        "规划编号": "HZ-2026-2030",
        "序号": 1,
        "类别": "健康水平",
        "指标名称": "人均预期寿命",
        "单位": "岁",
        "基期年份": 2025,
        "基期值": "83.5",
        "目标年份": 2030,
        "目标值": "84以上",
        "责任部门": "市卫生健康委",
    },
    {
        "规划编号": "HZ-2026-2030",
        "序号": 2,
        "口径范围": "市区",
        "类别": "健康生活",
        "指标名称": "经常参加体育锻炼人数比例",
        "单位": "%",
        "基期年份": 2024,
        "基期值": "42",
        "目标年份": 2035,
        "目标值": "≥45",
    },
]


def test_office_imports_a_new_plan_with_indicators_of_any_years(app, runner, db):
    client = _office(app, runner)
    assert "下载导入模板" in client.get("/plans/").get_data(as_text=True)
    response = _upload(client, _filled_template(client, GOOD))
    assert response.status_code == 303, response.get_data(as_text=True)
    assert "指标 2" in client.get("/plans/").get_data(as_text=True)
    plan = db.session.scalar(select(Plan).where(Plan.code == "HZ-2026-2030"))
    assert plan.title == "健康杭州“十五五”规划" and [t.name for t in plan.tasks] == ["推进全民健身设施建设"]
    rows = db.session.scalars(select(Indicator).where(Indicator.plan_code == plan.code).order_by(Indicator.number))
    first, second = rows.all()
    assert (first.baseline_year, first.baseline, first.target_year, first.target) == (2025, "83.5", 2030, "84以上")
    assert first.owner.name == "市卫生健康委" and first.rule is not None and first.direction == "higher"
    assert (second.coverage, second.baseline_year, second.target_year) == ("市区", 2024, 2035)
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "indicator")).all()
    assert actions.count("indicator.import_definition") == 2
    again = _upload(client, _filled_template(client, GOOD))  # the same file again changes nothing
    assert again.status_code == 303
    assert "指标 0" in client.get("/plans/").get_data(as_text=True)


def test_a_bad_indicators_sheet_names_sheet_row_and_column_and_imports_nothing(app, runner, db):
    client = _office(app, runner)
    bad = [
        {**GOOD[0], "目标年份": 2020},
        {**GOOD[1], "规划编号": "HZ-NOWHERE", "责任部门": "市火星局"},
        {**GOOD[0], "序号": None, "目标年份": 2030, "基期值": "八十"},
    ]
    response = _upload(client, _filled_template(client, bad))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "工作表“指标”第 2 行“目标年份”列：目标年份 2020 应晚于基期年份 2025。" in page
    assert "工作表“指标”第 3 行“规划编号”列" in page and "HZ-NOWHERE" in page
    assert "工作表“指标”第 3 行“责任部门”列：部门“市火星局”不存在。" in page
    assert "工作表“指标”第 4 行“序号”列：不能为空。" in page and "第 4 行“基期值”列" in page
    assert db.session.scalar(select(func.count()).select_from(Plan).where(Plan.code == "HZ-2026-2030")) == 0
    assert (
        db.session.scalar(select(func.count()).select_from(Indicator).where(Indicator.plan_code == "HZ-2026-2030")) == 0
    )


def test_plan_sheet_and_indicator_sheet_errors_are_reported_together(app, runner, db):
    client = _office(app, runner)
    data = _filled_template(client, [{**GOOD[0], "基期年份": "二〇二五"}])
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    workbook["HZ-2026-2030"]["E2"] = "2031-2032"
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = _upload(client, buffer.getvalue()).get_data(as_text=True)
    assert "工作表“HZ-2026-2030”第 2 行“周期”列" in page
    assert "工作表“指标”第 2 行“基期年份”列：应为四位年份" in page
    assert db.session.scalar(select(func.count()).select_from(Plan).where(Plan.code == "HZ-2026-2030")) == 0


def test_only_the_office_downloads_the_template(app, runner, db):
    seed(runner)
    make_user("leader1", roles=("leader",))
    client = app.test_client()
    login(client, "leader1")
    assert client.get("/plans/template.xlsx").status_code == 403
