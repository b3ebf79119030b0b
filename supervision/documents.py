"""Word documents (python-docx, imported lazily): A4 pages, a centred title block, numbered headings, indented
paragraphs and tables whose header row repeats on every page. The evaluation report and the bulletin use it."""

from __future__ import annotations

from io import BytesIO

FONT = "宋体"


def new_document(title: str, lines: list[str]):
    """An A4 document in 宋体 with `title` (level 0 heading) and `lines` centred under it."""
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
    document.add_heading(title, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in lines:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    return document


def add_heading(document, text: str) -> None:
    document.add_heading(text, level=1)


def add_paragraphs(document, text: str) -> None:
    """One first-line-indented paragraph per non-empty line of `text`."""
    from docx.shared import Pt

    for para in (p.strip() for p in text.split("\n")):
        if para:
            document.add_paragraph(para).paragraph_format.first_line_indent = Pt(22)


def add_right_aligned(document, lines: list[str]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for line in lines:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT


def add_table(document, caption: str, headers: list[str], rows: list[list[str]], empty: str) -> None:
    """A bold caption, then a grid table; `empty` fills the first cell when there are no rows."""
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


def docx_bytes(document) -> bytes:
    out = BytesIO()
    document.save(out)
    return out.getvalue()
