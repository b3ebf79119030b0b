"""Faulty schedule files: every problem in Chinese with its line (YAML) or row (Excel); nothing stored."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from supervision.audit.models import AuditEvent
from supervision.calendar.models import YearSchedule
from supervision.schedules.cli import calendar_cli
from supervision.schedules.data import ScheduleImportError
from supervision.schedules.excel import read_xlsx, template_xlsx
from supervision.schedules.services import import_schedule
from supervision.schedules.yaml_file import read_yaml
from tests.schedules.support import YEAR_2027, workbook_bytes, write


def _errors(reader, content) -> list[str]:
    with pytest.raises(ScheduleImportError) as info:
        reader(content)
    return info.value.errors


def _nothing_stored(db) -> bool:
    return (
        db.session.scalar(select(func.count()).select_from(YearSchedule)) == 0
        and db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0
    )


def test_yaml_errors_name_their_lines_and_nothing_changes(runner, db, tmp_path):
    bad = YEAR_2027.replace("to: 2027-04-06", "to: 2027-04-03").replace("2027-10-09]", "2027-10-08, 2027-13-01]")
    result = runner.invoke(calendar_cli, ["import", str(write(tmp_path, bad))])
    assert result.exit_code != 0
    assert "未导入，请修改后重试" in result.output
    assert "第 5 行：清明节的结束日期 2027-04-03 早于开始日期 2027-04-05。" in result.output
    assert "第 9 行：调休上班日“2027-13-01”无效" in result.output
    assert "2027-10-08（星期五） 本来就是工作日" in result.output
    assert _nothing_stored(db)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("year: 2027\nsource: x\nholidays: [\n", "YAML 格式有误"),
        ("- 2027\n", "文件内容应包含 year、source、holidays、workdays 四项。"),
        ("year: 27\nsource: x\nholidays: []\n", "第 1 行：年份（year）应为 2000 至 2100 之间的四位数字"),
        ("year: 2027\nholidays:\n  - {name: 劳动节, from: 2028-05-01, to: 2028-05-05}\n", "缺少通知标题（source）"),
        (
            "year: 2027\nsource: x\nholidays:\n  - {name: 劳动节, from: 2028-05-01, to: 2028-05-05}\n",
            "第 4 行：劳动节的日期不在 2027 年内。",
        ),
        ("year: 2027\nsource: x\nholidays:\n  - {from: 2027-05-01}\n", "第 4 行：放假安排缺少节日名称（name）。"),
        ("year: 2027\nsource: x\nholidays: []\nmakeup: [2027-04-10]\n", "第 4 行：无法识别的项“makeup”"),
        (
            "year: 2027\nsource: x\nholidays:\n  - {name: 劳动节, from: 2027-05-01, to: 2027-05-05}\n"
            "  - {name: 五一, from: 2027-05-05, to: 2027-05-06}\nworkdays: [2027-05-02]\n",
            "第 5 行：五一与第 4 行的劳动节日期重叠（2027-05-05）。",
        ),
    ],
)
def test_yaml_error_messages(text, expected):
    assert any(expected in e for e in _errors(read_yaml, text)), _errors(read_yaml, text)


def test_not_utf8_and_unknown_file_types(runner, db, tmp_path):
    assert _errors(read_yaml, "year: 2027\nsource: 国务院办公厅关于部分节假日安排的通知\n".encode("gbk")) == [
        "文件不是 UTF-8 编码的文本，请另存为 UTF-8 后重试。"
    ]
    path = tmp_path / "2027.txt"
    path.write_text(YEAR_2027, encoding="utf-8")
    result = runner.invoke(calendar_cli, ["import", str(path)])
    assert result.exit_code != 0 and "请使用 YAML（.yaml、.yml）或 Excel 模板（.xlsx）文件。" in result.output


def test_the_excel_template_round_trips(db):
    data = read_yaml(YEAR_2027)
    again = read_xlsx(template_xlsx(data, 2027))
    assert again.snapshot() == data.snapshot()
    blank = _errors(read_xlsx, template_xlsx(None, 2028))
    assert "缺少通知标题（source），请填写国务院办公厅通知的标题。" in blank


def test_excel_import_works_and_errors_name_their_rows(runner, db, tmp_path):
    rows = [
        ["年份", 2027],
        ["通知标题", "国务院办公厅关于2027年部分节假日安排的通知"],
        [],
        ["类型", "名称", "开始日期", "结束日期"],
        ["放假", "清明节", date(2027, 4, 5), "2027-04-06"],
        ["上班", None, "2027/4/10", None],
    ]
    path = tmp_path / "2027.xlsx"
    path.write_bytes(workbook_bytes(rows))
    result = runner.invoke(calendar_cli, ["import", str(path)])
    assert result.exit_code == 0, result.output
    assert "放假 1 项，调休上班 1 天" in result.output

    bad = [*rows[:4], ["放假", "", "2027-04-05", ""], ["调班", "x", "2027-04-11", ""], ["上班", "", "四月十日", ""]]
    errors = _errors(read_xlsx, workbook_bytes(bad))
    assert "第 5 行：放假行缺少节日名称。" in errors
    assert "第 6 行：类型“调班”无法识别，应为“放假”或“上班”。" in errors
    assert "第 7 行：开始日期“四月十日”缺失或无效，应写成 2027-04-05。" in errors
    assert _errors(read_xlsx, b"not a workbook") == ["文件不是有效的 Excel（.xlsx）文件，请使用下载的模板。"]
    assert "缺少年份" in _errors(read_xlsx, workbook_bytes([["类型", "名称", "开始日期", "结束日期"]]))[0]


def test_a_failed_reimport_keeps_the_previous_schedule(runner, db, tmp_path):
    import_schedule(read_yaml(YEAR_2027))
    db.session.commit()
    before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    result = runner.invoke(
        calendar_cli, ["import", str(write(tmp_path, YEAR_2027.replace("2027-04-10", "2026-04-11")))]
    )
    assert result.exit_code != 0 and "调休上班日 2026-04-11 不在 2027 年内" in result.output
    schedule = db.session.scalar(select(YearSchedule))
    assert schedule.workdays == [date(2027, 4, 10), date(2027, 10, 9)]
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_the_template_command_writes_the_workbook(runner, db, tmp_path):
    out = tmp_path / "2027.xlsx"
    result = runner.invoke(calendar_cli, ["template", "2027", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "缺少通知标题" in _errors(read_xlsx, out.read_bytes())[0]
