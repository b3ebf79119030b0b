"""Excel export and import of plans: round trip, layout and the located Chinese error messages."""

from __future__ import annotations

import copy
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from supervision.plans.excel_read import PlanImportError, xlsx_to_plans
from supervision.plans.excel_write import plans_to_xlsx

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "plans"
PLAN_KEYS = ("code", "title", "period", "document", "tasks")
TASK_HEADER = ["序号", "类别", "名称", "目标和内容", "周期", "牵头部门", "配合部门", "类型", "量化目标"]
PLAN_HEADER = ["规划编号", "规划名称", "起始年份", "结束年份", "发文信息"]

SAMPLE = {
    "code": "HZ-X",
    "title": "测试规划",
    "period": [2021, 2025],
    "document": None,
    "tasks": [
        {
            "kind": "key_project",
            "number": 1,
            "category": "健康环境项目",
            "name": "提升健康支持性环境",
            "content": "新建或提升改造一批健康促进公共场所。",
            "period": [2021, 2025],
            "lead": ["市卫生健康委", "市建委"],
            "cooperating": ["各区、县(市)政府", "市红十字会"],
            "targets": [],
        },
        {
            "kind": "key_project",
            "number": 2,
            "category": "健康治理项目",
            "name": "推动地方健康立法",
            "content": "制订起草《杭州市健康条例》。",
            "period": [2021, 2023],
            "lead": ["市卫生健康委"],
            "cooperating": [],
            "targets": ["力争2023年前纳入市人大正式立法项目", "第二个目标"],
        },
        {
            "kind": "action",
            "number": 1,
            "category": "普及健康生活方式",
            "name": "健康知识普及行动",
            "content": "倡导健康生活方式。",
            "period": [2023, 2025],
            "lead": [],
            "cooperating": [],
            "targets": [],
        },
    ],
}


def seed_plan(name: str) -> dict:
    data = yaml.safe_load((SEEDS / name).read_text(encoding="utf-8"))
    return {key: data[key] for key in PLAN_KEYS}


def sample() -> dict:
    return copy.deepcopy(SAMPLE)


def edited(edit: Callable[[Workbook], None], plans: list[dict] | None = None) -> bytes:
    """The exported workbook of `plans` (default: the sample) after `edit`, as bytes."""
    workbook = load_workbook(BytesIO(plans_to_xlsx(plans or [sample()])))
    edit(workbook)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_errors(data: bytes) -> list[str]:
    with pytest.raises(PlanImportError) as info:
        xlsx_to_plans(data)
    return info.value.errors


# --- export and round trip ----------------------------------------------------------------------------------------


def test_round_trip_of_both_seed_plans_in_one_workbook():
    plans = [seed_plan("hz-14th-five-year.yaml"), seed_plan("hz-action-2023-2025.yaml")]
    data = plans_to_xlsx(plans)
    assert load_workbook(BytesIO(data)).sheetnames == ["规划", "HZ-2021-2025", "HZ-ACTION-2023-2025"]
    assert xlsx_to_plans(data) == plans
    assert xlsx_to_plans(BytesIO(data)) == plans  # a file object works too


def test_round_trip_of_sample_plan():
    assert xlsx_to_plans(plans_to_xlsx([sample()])) == [sample()]


def test_empty_workbook_round_trips_to_no_plans():
    assert xlsx_to_plans(plans_to_xlsx([])) == []


def test_headers_are_chinese_bold_and_frozen():
    plans = [seed_plan("hz-14th-five-year.yaml"), seed_plan("hz-action-2023-2025.yaml")]
    workbook = load_workbook(BytesIO(plans_to_xlsx(plans)))
    summary = workbook["规划"]
    assert [c.value for c in summary[1]] == PLAN_HEADER
    assert [c.value for c in summary[2]] == ["HZ-2021-2025", "健康杭州“十四五”规划", 2021, 2025, plans[0]["document"]]
    for code in ("HZ-2021-2025", "HZ-ACTION-2023-2025"):
        sheet = workbook[code]
        assert [c.value for c in sheet[1]] == TASK_HEADER
        assert all(c.font.bold for c in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["D"].width > sheet.column_dimensions["A"].width
    first = [c.value for c in workbook["HZ-2021-2025"][2]]
    assert first[0] == 1 and isinstance(first[0], int)
    assert first[4] == "2021-2025"
    assert first[5] == "市卫生健康委\n市建委"
    assert first[7] == "重点任务"
    assert workbook["HZ-2021-2025"]["D2"].alignment.wrap_text
    assert workbook["HZ-ACTION-2023-2025"]["H2"].value == "行动"
    assert workbook["HZ-ACTION-2023-2025"].max_row == 1 + 27


def test_multiline_department_cell_keeps_enumeration_comma():
    workbook = load_workbook(BytesIO(plans_to_xlsx([sample()])))
    assert workbook["HZ-X"]["G2"].value == "各区、县(市)政府\n市红十字会"
    assert workbook["HZ-X"]["I3"].value == "力争2023年前纳入市人大正式立法项目\n第二个目标"
    assert xlsx_to_plans(plans_to_xlsx([sample()]))[0]["tasks"][0]["cooperating"] == ["各区、县(市)政府", "市红十字会"]


def test_hand_typed_separators_and_whitespace_are_accepted():
    def edit(workbook):
        sheet = workbook["HZ-X"]
        sheet["G2"] = " 各区、县(市)政府 ；市红十字会;市城管局\r\n\n 市园文局 "
        sheet["F2"] = "市卫生健康委\n"
        sheet["C2"] = "  提升健康支持性环境  "
        sheet["I2"] = "  目标一 \n\n目标二"
        sheet["E2"] = "2021—2025"

    task = xlsx_to_plans(edited(edit))[0]["tasks"][0]
    assert task["cooperating"] == ["各区、县(市)政府", "市红十字会", "市城管局", "市园文局"]
    assert task["lead"] == ["市卫生健康委"]
    assert task["name"] == "提升健康支持性环境"
    assert task["targets"] == ["目标一", "目标二"]
    assert task["period"] == [2021, 2025]


def test_empty_rows_are_skipped_and_document_empty_is_none():
    def edit(workbook):
        workbook["HZ-X"].insert_rows(3, amount=2)
        workbook["HZ-X"]["B3"] = "   "
        workbook["规划"]["E2"] = "  "
        workbook["规划"].append([None, "  "])

    plans = xlsx_to_plans(edited(edit))
    assert plans == [sample()]
    assert plans[0]["document"] is None


def test_text_starting_with_equals_sign_stays_text():
    plan = sample()
    plan["tasks"][0]["content"] = "=1+1 不是公式"
    assert xlsx_to_plans(plans_to_xlsx([plan])) == [plan]


def test_unusable_sheet_name_is_refused_on_export():
    plan = sample()
    plan["code"] = "HZ/2021"
    with pytest.raises(ValueError, match="工作表名称"):
        plans_to_xlsx([plan])


# --- import errors ------------------------------------------------------------------------------------------------


def set_cells(sheet: str, **cells: object) -> Callable[[Workbook], None]:
    def edit(workbook):
        for ref, value in cells.items():
            workbook[sheet][ref] = value

    return edit


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        pytest.param(set_cells("HZ-X", A2=None), "工作表“HZ-X”第 2 行“序号”列：不能为空。", id="empty-number"),
        pytest.param(set_cells("HZ-X", B3=None), "工作表“HZ-X”第 3 行“类别”列：不能为空。", id="empty-category"),
        pytest.param(set_cells("HZ-X", C2=" "), "工作表“HZ-X”第 2 行“名称”列：不能为空。", id="empty-name"),
        pytest.param(set_cells("HZ-X", D4=None), "工作表“HZ-X”第 4 行“目标和内容”列：不能为空。", id="empty-content"),
        pytest.param(set_cells("HZ-X", E2=None), "工作表“HZ-X”第 2 行“周期”列：不能为空。", id="empty-period"),
        pytest.param(set_cells("HZ-X", H3=None), "工作表“HZ-X”第 3 行“类型”列：不能为空。", id="empty-kind"),
        pytest.param(set_cells("HZ-X", A2=0), "工作表“HZ-X”第 2 行“序号”列：应为正整数，现为“0”。", id="number-zero"),
        pytest.param(
            set_cells("HZ-X", A2="一"), "工作表“HZ-X”第 2 行“序号”列：应为正整数，现为“一”。", id="number-text"
        ),
        pytest.param(
            set_cells("HZ-X", A2=1.5), "工作表“HZ-X”第 2 行“序号”列：应为正整数，现为“1.5”。", id="number-float"
        ),
        pytest.param(
            set_cells("HZ-X", A3=1),
            "工作表“HZ-X”第 3 行“序号”列：类型“重点任务”的序号 1 与第 2 行重复。",
            id="number-duplicated",
        ),
        pytest.param(
            set_cells("HZ-X", E2="2021至今"),
            "工作表“HZ-X”第 2 行“周期”列：应为“起始年-结束年”，如 2021-2025。",
            id="period-format",
        ),
        pytest.param(
            set_cells("HZ-X", E3="2024-2022"),
            "工作表“HZ-X”第 3 行“周期”列：结束年份 2022 早于起始年份 2024。",
            id="period-reversed",
        ),
        pytest.param(
            set_cells("HZ-X", E4="2020-2025"),
            "工作表“HZ-X”第 4 行“周期”列：2020-2025 超出规划周期 2021-2025。",
            id="period-outside-plan",
        ),
        pytest.param(
            set_cells("HZ-X", H2="任务"),
            "工作表“HZ-X”第 2 行“类型”列：“任务”不是有效的类型，应为“重点任务”或“行动”。",
            id="kind-unknown",
        ),
        pytest.param(
            set_cells("规划", D2=2020),
            "工作表“规划”第 2 行“结束年份”列：结束年份 2020 早于起始年份 2021。",
            id="plan-period-reversed",
        ),
        pytest.param(
            set_cells("规划", C2="二〇二一"),
            "工作表“规划”第 2 行“起始年份”列：应为四位年份，如 2021，现为“二〇二一”。",
            id="plan-year-invalid",
        ),
        pytest.param(set_cells("规划", B2=None), "工作表“规划”第 2 行“规划名称”列：不能为空。", id="plan-title-empty"),
        pytest.param(
            set_cells("规划", A2="HZ-Y"),
            "工作表“规划”第 2 行“规划编号”列：找不到名为“HZ-Y”的工作表。",
            id="plan-sheet-missing",
        ),
    ],
)
def test_cell_error_names_sheet_row_and_column(edit, message):
    assert message in import_errors(edited(edit))


def test_same_number_for_different_kinds_is_fine():
    plans = xlsx_to_plans(plans_to_xlsx([sample()]))
    assert [(t["kind"], t["number"]) for t in plans[0]["tasks"]] == [
        ("key_project", 1),
        ("key_project", 2),
        ("action", 1),
    ]


def test_missing_plans_sheet():
    def edit(workbook):
        workbook["规划"].title = "计划"

    assert import_errors(edited(edit)) == ["文件中没有工作表“规划”。"]


def test_missing_and_misnamed_header_columns_are_named():
    def edit(workbook):
        workbook["HZ-X"]["E1"] = "周 期"
        workbook["HZ-X"]["H1"] = None

    errors = import_errors(edited(edit))
    assert len(errors) == 1
    assert errors[0].startswith("工作表“HZ-X”第 1 行（表头）：缺少列“周期”、“类型”。无法识别的列：“周 期”。")


def test_repeated_header_column():
    errors = import_errors(edited(set_cells("HZ-X", J1="名称")))
    assert errors == ["工作表“HZ-X”第 1 行（表头）：列“名称”出现了不止一次。"]


def test_plans_sheet_header_checked():
    errors = import_errors(edited(set_cells("规划", E1="文号")))
    assert errors[0].startswith("工作表“规划”第 1 行（表头）：缺少列“发文信息”。无法识别的列：“文号”。")


def test_duplicated_plan_code():
    def edit(workbook):
        workbook["规划"].append(["HZ-X", "另一个规划", 2021, 2025])

    assert import_errors(edited(edit)) == ["工作表“规划”第 3 行“规划编号”列：规划编号“HZ-X”与第 2 行重复。"]


def test_sheet_not_listed_in_plans_sheet():
    def edit(workbook):
        workbook.create_sheet("HZ-Z")

    assert import_errors(edited(edit)) == ["工作表“HZ-Z”未在工作表“规划”中列出：请在“规划”中补充该规划或删除此工作表。"]


def test_every_problem_is_reported_at_once_and_nothing_is_returned():
    def edit(workbook):
        set_cells("HZ-X", A2=-3, E3="2030-2031", H4="其他")(workbook)
        set_cells("规划", B2=None)(workbook)

    errors = import_errors(edited(edit))
    assert errors == [
        "工作表“规划”第 2 行“规划名称”列：不能为空。",
        "工作表“HZ-X”第 2 行“序号”列：应为正整数，现为“-3”。",
        "工作表“HZ-X”第 3 行“周期”列：2030-2031 超出规划周期 2021-2025。",
        "工作表“HZ-X”第 4 行“类型”列：“其他”不是有效的类型，应为“重点任务”或“行动”。",
    ]


def test_error_carries_all_messages_in_str():
    error = PlanImportError(["甲。", "乙。"])
    assert error.errors == ["甲。", "乙。"]
    assert str(error) == "甲。\n乙。"


def zip_without_workbook() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "不是 Excel")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"plain text, not a workbook",
        "规划编号,规划名称\n".encode(),
        b"\xd0\xcf\x11\xe0" + bytes(508),
        zip_without_workbook(),
    ],
    ids=["empty", "text", "csv", "old-xls", "other-zip"],
)
def test_non_xlsx_upload_gets_chinese_message(data):
    assert import_errors(data) == ["文件不是有效的 Excel（.xlsx）文件。"]
    assert import_errors(BytesIO(data)) == ["文件不是有效的 Excel（.xlsx）文件。"]


def test_merged_cells_give_their_value_to_every_row():
    def edit(workbook):
        sheet = workbook["HZ-X"]
        sheet["B3"] = None
        sheet.merge_cells("B2:B3")

    plans = xlsx_to_plans(edited(edit))
    assert [t["category"] for t in plans[0]["tasks"]] == ["健康环境项目", "健康环境项目", "普及健康生活方式"]
