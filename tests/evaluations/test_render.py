"""The evaluation of a plan renders to PDF and Word with the task table and the indicator completion table;
pdftotext and python-docx read the Chinese back."""

import subprocess
from datetime import date, datetime, time

import docx
from sqlalchemy import select

from supervision.clock import SHANGHAI
from supervision.extensions import db
from supervision.indicators.models import Indicator, IndicatorValue
from supervision.milestones.models import Milestone
from supervision.tasks.models import Task
from tests.builders import make_report
from tests.helpers import seed


def invoke(runner, *args):
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(out.split())


def _world(runner):
    seed(runner)
    invoke(runner, "milestones", "generate", "--year", "2025")
    first = db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == 1))
    for milestone in db.session.scalars(select(Milestone).where(Milestone.task_id == first.id)):
        on_time = datetime.combine(milestone.due_date, time(9), tzinfo=SHANGHAI)
        make_report(milestone, status="approved", submitted_at=on_time, approved_at=on_time)
    indicator = db.session.scalar(
        select(Indicator).where(Indicator.plan_code == "HZ-2021-2025", Indicator.target == "≥96")
    )
    db.session.add(
        IndicatorValue(
            indicator=indicator,
            year=2025,
            text="97.5",
            number="97.5",
            status="approved",
            source="统计年鉴",
        )
    )
    db.session.commit()
    return first, indicator


def test_final_evaluation_renders_pdf_and_docx_with_both_tables(runner, db, tmp_path):
    first, indicator = _world(runner)
    invoke(runner, "plan", "close", "HZ-2021-2025", "--reason", "规划期结束")
    output = invoke(runner, "evaluation", "render", "--plan", "HZ-2021-2025", "--out", str(tmp_path))
    assert "终期评估报告" in output
    text = pdf_text(tmp_path / "evaluation.pdf")
    assert "健康杭州“十四五”规划终期评估报告" in text
    for heading in (
        "一、总体情况",
        "二、任务完成情况",
        "三、主要指标完成情况",
        "四、主要成效",
        "五、存在问题",
        "六、下一步建议",
    ):
        assert heading in text
    assert "表2任务完成情况" in text and "结论" in text and first.name[:6] in text
    assert "表3主要指标完成情况" in text and "基期值" in text and indicator.name[:6] in text
    assert text.count("基期值") >= 2  # the header row is repeated on the next page

    document = docx.Document(str(tmp_path / "evaluation.docx"))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.paragraphs[0].text == "健康杭州“十四五”规划终期评估报告"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["一、总体情况", "二、任务完成情况", "三、主要指标完成情况"]
    on_time, tasks, indicators = document.tables
    assert [c.text for c in tasks.rows[0].cells][-1] == "完成结论"
    assert all(tbl.rows[0]._tr.trPr.xml.count("tblHeader") == 1 for tbl in document.tables)
    plan_tasks = db.session.scalars(select(Task).where(Task.plan.has(code="HZ-2021-2025"))).all()
    assert len(tasks.rows) == 1 + len(plan_tasks)
    row = next(r for r in tasks.rows if r.cells[1].text.startswith(first.name))
    assert row.cells[-1].text == "完成" and row.cells[5].text == "100.0%" and row.cells[4].text == "5"
    others = [r.cells[-1].text for r in tasks.rows[1:] if not r.cells[1].text.startswith(first.name)]
    assert set(others) == {"未完成"}  # nothing else was reported
    plan_indicators = db.session.scalars(select(Indicator).where(Indicator.plan_code == "HZ-2021-2025")).all()
    assert len(indicators.rows) == 1 + len(plan_indicators)
    assert [c.text for c in indicators.rows[0].cells] == [
        "序号",
        "指标",
        "单位",
        "基期值",
        "目标值",
        "实际值",
        "完成情况",
    ]
    line = next(r for r in indicators.rows[1:] if r.cells[1].text.startswith(indicator.name))
    assert line.cells[5].text == "97.5（2025年）" and line.cells[6].text == "已达标"
    others = [r.cells[6].text for r in indicators.rows[1:] if r.cells[0].text != line.cells[0].text]
    assert set(others) == {"无数据"}


def test_mid_term_evaluation_as_of_a_date(runner, db, tmp_path):
    _world(runner)
    invoke(runner, "evaluation", "render", "--plan", "HZ-2021-2025", "--out", str(tmp_path), "--as-of", "2025-06-30")
    document = docx.Document(str(tmp_path / "evaluation.docx"))
    assert document.paragraphs[0].text == "健康杭州“十四五”规划中期评估报告"
    assert "数据截至 2025年6月30日" in document.paragraphs[1].text
    assert "中期评估报告" in pdf_text(tmp_path / "evaluation.pdf")
    on_time = document.tables[0]
    assert [c.text for c in on_time.rows[1].cells][0] == "2025年"
    assert int(on_time.rows[1].cells[1].text) < len(db.session.scalars(select(Milestone)).all())


def test_unknown_plan_is_refused(runner, db, tmp_path):
    seed(runner)
    result = runner.invoke(args=["evaluation", "render", "--plan", "NOPE", "--out", str(tmp_path)])
    assert result.exit_code != 0 and "不存在" in result.output
    assert not (tmp_path / "evaluation.pdf").exists()
    assert date  # the module's dates are given on the command line
