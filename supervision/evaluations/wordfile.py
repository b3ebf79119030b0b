"""The evaluation as an editable Word document: title, numbered sections, tables (supervision.documents)."""

from __future__ import annotations

from supervision.documents import add_heading, add_paragraphs, add_table, docx_bytes, new_document
from supervision.evaluations.document import INDICATOR_HEADERS, TASK_HEADERS, EvaluationDocument


def render_docx(doc: EvaluationDocument, headings: list[tuple[str, str]]) -> bytes:
    document = new_document(doc.title, [doc.subtitle])
    for index, (number, heading) in enumerate(headings, start=1):
        add_heading(document, f"{number}、{heading}")
        if index == 1:
            document.add_paragraph(doc.overview())
            headers = ["年度", "到期节点", "按时通过", "按时率"]
            add_table(document, "表1 各年度节点按时完成率", headers, doc.on_time_rows(), "暂无到期节点")
        elif index == 2:
            add_table(document, "表2 任务完成情况", TASK_HEADERS, doc.task_rows(), "无任务")
        elif index == 3:
            add_table(document, "表3 主要指标完成情况", INDICATOR_HEADERS, doc.indicator_rows(), "本规划未登记主要指标")
        else:
            add_paragraphs(document, doc.sections[index - 4][1] or "（待健康办填写）")
    return docx_bytes(document)
