"""The evaluation as an editable Word document (python-docx): A4, title, numbered sections, tables whose header
row repeats on every page."""

from __future__ import annotations

from io import BytesIO

from supervision.evaluations.document import INDICATOR_HEADERS, TASK_HEADERS, EvaluationDocument

FONT = "宋体"


def _table(document, caption: str, headers: list[str], rows: list[list[str]], empty: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document.add_paragraph(caption).runs[0].bold = True
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    header = table.rows[0]
    for cell, text in zip(header.cells, headers, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    marker = OxmlElement("w:tblHeader")  # repeat the header row at the top of each page
    marker.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(marker)
    for row in rows or [[empty] + [""] * (len(headers) - 1)]:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def render_docx(doc: EvaluationDocument, headings: list[tuple[str, str]]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(24)
    section.left_margin = section.right_margin = Mm(20)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    title = document.add_heading(doc.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(doc.subtitle).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for index, (number, heading) in enumerate(headings, start=1):
        document.add_heading(f"{number}、{heading}", level=1)
        if index == 1:
            document.add_paragraph(doc.overview())
            headers = ["年度", "到期节点", "按时通过", "按时率"]
            _table(document, "表1 各年度节点按时完成率", headers, doc.on_time_rows(), "暂无到期节点")
        elif index == 2:
            _table(document, "表2 任务完成情况", TASK_HEADERS, doc.task_rows(), "无任务")
        elif index == 3:
            _table(document, "表3 主要指标完成情况", INDICATOR_HEADERS, doc.indicator_rows(), "本规划未登记主要指标")
        else:
            text = doc.sections[index - 4][1] or "（待健康办填写）"
            for para in (p.strip() for p in text.split("\n")):
                if para:
                    document.add_paragraph(para).paragraph_format.first_line_indent = Pt(22)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
