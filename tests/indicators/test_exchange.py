"""`flask indicators export|import`: the issue's JSON shape, and yearly values round-tripped through Excel."""

import json
from io import BytesIO
from pathlib import Path

import yaml
from openpyxl import load_workbook
from sqlalchemy import func, select

from supervision.indicators.entries import review_value
from supervision.indicators.models import Indicator, IndicatorValue
from supervision.indicators.services import set_judging
from tests.helpers import make_user, seed

SEED = Path(__file__).resolve().parents[2] / "seeds" / "indicators.yaml"
FIELDS = ["plan", "number", "category", "name", "unit", "scope", "baseline_year", "baseline", "target_year", "target"]
FIELDS += ["direction", "rule", "owner", "values"]


def export_json(runner, *args) -> dict:
    result = runner.invoke(args=["indicators", "export", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_has_one_record_per_table_row_as_the_document_writes_it(runner):
    seed(runner)
    records = export_json(runner, "--plan", "HZ-2021-2025")["indicators"]
    with open(SEED, encoding="utf-8") as fh:
        rows = yaml.safe_load(fh)["indicators"]
    assert len(records) == len(rows) == 52
    by_key = {(r["number"], r["scope"]): r for r in records}
    for row in rows:
        rec = by_key[(row["number"], row["coverage"])]
        assert list(rec) == FIELDS
        assert (rec["baseline"], rec["target"]) == (row["value_2020"], row["target_2025"])
        assert (rec["baseline_year"], rec["target_year"], rec["plan"]) == (2020, 2025, "HZ-2021-2025")
        assert (rec["name"], rec["unit"], rec["category"]) == (row["name"], row["unit"], row["category"])
        assert rec["values"] == [] and rec["owner"] is None
        assert rec["direction"] in ("higher", "lower", "maintain", "unknown")
    assert {r["target"] for r in records if r["rule"] is None} == {"-", "持续控制在历史低水平", "5.7(2021-2025年)"}
    assert by_key[(4, "建成区")]["rule"]["kind"] == "province" and by_key[(4, "建成区")]["direction"] == "unknown"
    assert by_key[(23, "市域")]["rule"] == {
        "kind": "at_most",
        "low": None,
        "high": "3.5",
        "percent": None,
        "text": "≤3.5",
    }
    result = runner.invoke(args=["indicators", "export", "--plan", "NOPE"])
    assert result.exit_code != 0 and "没有指标" in result.output


def _exported_workbook(runner, tmp_path):
    out = tmp_path / "indicators.xlsx"
    result = runner.invoke(args=["indicators", "export", "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(out)
    sheet = workbook["指标"]
    header = [c.value for c in sheet[1]]
    rows = {(r[1].value, r[2].value): r[0].row for r in sheet.iter_rows(min_row=2)}
    return workbook, sheet, header, rows


def _fill(sheet, header, row, values: dict[int, str]) -> None:
    for year, text in values.items():
        sheet.cell(row=row, column=header.index(f"{year}年") + 1, value=text)


def _save(workbook, tmp_path) -> Path:
    path = tmp_path / "filled.xlsx"
    buffer = BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_values_2021_to_2025_from_excel_give_attainment_and_trend(db, runner, tmp_path):
    seed(runner)
    office = make_user()
    water = db.session.scalar(select(Indicator).where(Indicator.number == 3))  # ≥96, baseline 98.1
    set_judging(water, "1", False, actor=office)  # within 1% of 96 is 接近
    db.session.commit()
    workbook, sheet, header, rows = _exported_workbook(runner, tmp_path)
    _fill(sheet, header, rows[(3, "市域")], {2021: "97", 2022: "96.5", 2023: "95.2", 2024: "94", 2025: "98"})
    _fill(sheet, header, rows[(23, "市域")], {2021: "3.8", 2022: "3.6", 2023: "3.6", 2024: "3.4", 2025: "3.2"})
    sheet.cell(row=rows[(5, "城市")], column=header.index("2021年") + 1, value=99.5)  # a number cell, as Excel keeps it
    result = runner.invoke(args=["indicators", "import", str(_save(workbook, tmp_path))])
    assert result.exit_code == 0, result.output
    assert "新增或修改 11 个" in result.output
    for value in db.session.scalars(select(IndicatorValue)):
        assert value.status == "submitted"
        review_value(value, "approve", "", actor=office)
    db.session.commit()
    records = {(r["number"], r["scope"]): r for r in export_json(runner)["indicators"]}
    water = records[(3, "市域")]["values"]
    assert [v["year"] for v in water] == [2021, 2022, 2023, 2024, 2025]
    assert [v["attainment"] for v in water] == ["已达标", "已达标", "接近", "未达标", "已达标"]
    assert {v["status"] for v in water} == {"approved"}
    smoking = [v["attainment"] for v in records[(23, "市域")]["values"]]
    assert smoking == ["未达标", "未达标", "未达标", "已达标", "已达标"]
    assert records[(5, "城市")]["values"][0]["value"] == "99.5"

    out = tmp_path / "again.xlsx"
    runner.invoke(args=["indicators", "export", "--format", "xlsx", "--out", str(out)])
    lines = [[c.value for c in r] for r in load_workbook(out)["年度数值"].iter_rows(min_row=2) if r[1].value == 23]
    assert [(line[4], line[8], line[9]) for line in lines] == [
        (2021, "退步", "退步"),  # 城镇登记失业率: lower is better, baseline 2.42
        (2022, "进步", "退步"),
        (2023, "持平", "退步"),
        (2024, "进步", "退步"),
        (2025, "进步", "退步"),
    ]


def test_import_is_all_or_nothing_with_errors_by_sheet_row_and_column(db, runner, tmp_path):
    seed(runner)
    workbook, sheet, header, rows = _exported_workbook(runner, tmp_path)
    _fill(sheet, header, rows[(3, "市域")], {2021: "97", 2022: "九十六"})
    sheet.cell(row=rows[(23, "市域")], column=header.index("序号") + 1, value=99)  # no indicator 99
    result = runner.invoke(args=["indicators", "import", str(_save(workbook, tmp_path))])
    assert result.exit_code != 0
    line = rows[(3, "市域")]
    assert f"工作表“指标”第 {line} 行“2022年”列：“九十六”不是有效的数值" in result.output
    assert "找不到指标" in result.output
    assert db.session.scalar(select(func.count()).select_from(IndicatorValue)) == 0
    (tmp_path / "bad.xlsx").write_bytes(b"not a workbook")
    result = runner.invoke(args=["indicators", "import", str(tmp_path / "bad.xlsx")])
    assert result.exit_code != 0 and "不是有效的 Excel" in result.output
