"""`flask bulletin draft` for 2025 Q4 on the seeded and demo data: both files name the departments with overdue
items (the 2025 milestones were generated and nothing was reported)."""

import subprocess

import docx

from tests.helpers import seed


def invoke(runner, *args):
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_quarter_bulletin_names_the_departments_with_overdue_items(runner, db, tmp_path):
    seed(runner, "--demo")
    invoke(runner, "milestones", "generate", "--year", "2025")
    output = invoke(runner, "bulletin", "draft", "--year", "2025", "--quarter", "4", "--out", str(tmp_path))
    assert "2025年第四季度" in output and "数据截至 2025-12-31" in output
    named = output.rsplit("涉及单位：", 1)[1].strip().split("、")
    assert len(named) >= 3
    document = docx.Document(str(tmp_path / "bulletin.docx"))
    overdue = document.tables[1]
    assert [c.text for c in overdue.rows[0].cells] == ["序号", "单位", "任务", "节点", "截止日期", "逾期（工作日）"]
    assert {r.cells[1].text for r in overdue.rows[1:]} == set(named)
    pdf = subprocess.run(["pdftotext", str(tmp_path / "bulletin.pdf"), "-"], capture_output=True, text=True)
    text = "".join(pdf.stdout.split())
    assert "三、逾期事项" in text and "表2逾期事项清单" in text
    assert all(name in text for name in named)


def test_unfinished_or_bad_periods_are_refused(runner, db, tmp_path):
    seed(runner)
    for args, message in [
        (["--quarter", "5"], "季度"),
        (["--month", "0"], "月份"),
        (["--quarter", "1", "--month", "1"], "只能选一个"),
    ]:
        result = runner.invoke(args=["bulletin", "draft", "--year", "2025", *args, "--out", str(tmp_path)])
        assert result.exit_code != 0 and message in result.output
    result = runner.invoke(args=["bulletin", "draft", "--year", "2099", "--out", str(tmp_path)])
    assert result.exit_code != 0 and "尚未结束" in result.output
    assert not (tmp_path / "bulletin.pdf").exists()
