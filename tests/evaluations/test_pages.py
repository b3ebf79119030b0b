"""The office edits the evaluation's sections and verdicts on its page and downloads both files."""

from io import BytesIO

import docx
from sqlalchemy import select

from supervision.audit.models import AuditEvent
from supervision.tasks.models import Task
from tests.workflow import office_client, post

PAGE = "/evaluations/HZ-2021-2025"


def test_office_writes_sections_changes_a_verdict_and_downloads_word_and_pdf(app, runner, db):
    client = office_client(app, runner, db)
    html = client.get(PAGE).get_data(as_text=True)
    assert "终期评估报告" in html and "主要指标完成情况" in html and "下载 Word" in html
    sections = {
        "achievements": "健康环境持续改善。\n群众健康素养稳步提升。",
        "problems": "部分指标未达标。",
        "next_steps": "纳入新规划。",
    }
    response = post(client, f"{PAGE}/sections", sections, PAGE, follow_redirects=True)
    assert "评估报告内容已保存" in response.get_data(as_text=True)

    task = db.session.scalar(select(Task).where(Task.kind == "key_project", Task.number == 2))
    path = f"{PAGE}/tasks/{task.id}/verdict"
    response = post(client, path, {"verdict": "完成", "reason": ""}, PAGE, follow_redirects=True)
    assert "修改结论须填写理由" in response.get_data(as_text=True)
    response = post(client, path, {"verdict": "完成", "reason": "经实地核查已完成"}, PAGE, follow_redirects=True)
    assert "理由：经实地核查已完成" in response.get_data(as_text=True)
    assert db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("evaluation.%"))).all()

    with client.get(f"{PAGE}/evaluation.docx") as response:
        assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
        document = docx.Document(BytesIO(response.data))
    texts = [p.text for p in document.paragraphs]
    assert "四、主要成效" in texts and "群众健康素养稳步提升。" in texts and "纳入新规划。" in texts
    row = next(r for r in document.tables[1].rows if r.cells[0].text == "重点任务2")
    assert row.cells[-1].text == "完成（调整：经实地核查已完成）"
    with client.get(f"{PAGE}/evaluation.pdf?as_of=2024-12-31") as response:
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
        assert (
            "中期评估" in response.headers["Content-Disposition"]
            or "filename*" in response.headers["Content-Disposition"]
        )


def test_evaluation_is_for_the_office_only(app, runner, db):
    client = office_client(app, runner, db, roles=("leader",), username="leader1")
    assert client.get(PAGE).status_code == 403
    assert client.get(f"{PAGE}/evaluation.pdf").status_code == 403
