"""The content of a bulletin (one structure for the page, the PDF template and the Word writer), the texts the
office starts from, and the two files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from supervision.bulletins.facts import BulletinFacts
from supervision.config import ROOT
from supervision.documents import add_heading, add_paragraphs, add_right_aligned, add_table, docx_bytes, new_document
from supervision.pdf import render_pdf

ISSUER = "健康杭州建设领导小组办公室"
TITLE = "健康杭州建设工作通报"
SECTIONS = {
    "overview": "总体进展",
    "on_time": "各单位按时完成情况",
    "overdue": "逾期事项",
    "red": "红灯任务",
    "ranking": "考核排名",
    "practice": "好的做法",
    "rectify": "整改要求",
}
NUMBERS = "一二三四五六七八九十"
TABLES = {
    "on_time": ("表1 各牵头单位本期节点按时完成情况", ["序号", "单位", "到期节点", "已通过", "按时完成", "按时率"]),
    "overdue": ("表2 逾期事项清单", ["序号", "单位", "任务", "节点", "截止日期", "逾期（工作日）"]),
    "red": ("表3 红灯任务", ["序号", "任务", "牵头单位", "逾期节点", "最长逾期（工作日）"]),
    "ranking": ("表4 年度考核排名", ["类别", "名次", "单位", "总分", "等次"]),
}
EMPTY = {"on_time": "本期无到期节点", "overdue": "无逾期事项", "red": "无红灯任务", "ranking": "考核结果未发布"}


def percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def cn_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class Excerpt:
    department: str
    task: str
    text: str


@dataclass
class Part:
    number: str
    key: str
    heading: str
    text: str
    table: tuple[str, list[str], list[list[str]], str] | None  # caption, headers, rows, empty text
    excerpts: list[Excerpt]


@dataclass
class BulletinDocument:
    code: str
    period_label: str
    facts: BulletinFacts
    parts: list[Part]
    issued_on: date | None

    @property
    def title(self) -> str:
        return TITLE

    @property
    def subtitle(self) -> str:
        return f"{self.period_label} · 数据截至 {cn_day(self.facts.end)}"

    @property
    def signature(self) -> list[str]:
        return [ISSUER, cn_day(self.issued_on) if self.issued_on else "（印发日期）"]


def table_rows(key: str, facts: BulletinFacts) -> list[list[str]]:
    if key == "on_time":
        return [
            [str(i), d.department, str(d.due), str(d.approved), str(d.on_time), percent(d.on_time, d.due)]
            for i, d in enumerate(facts.departments, start=1)
        ]
    if key == "overdue":
        return [
            [str(i), o.department, o.task, o.milestone, cn_day(o.due_date), str(o.days)]
            for i, o in enumerate(facts.overdue, start=1)
        ]
    if key == "red":
        return [[str(i), r.task, r.departments, str(r.overdue), str(r.longest)] for i, r in enumerate(facts.red, 1)]
    return [
        [r.kind, str(r.rank or "—"), r.department, "—" if r.total is None else f"{r.total:.2f}", r.grade or "—"]
        for r in facts.ranking
    ]


def default_texts(period_label: str, facts: BulletinFacts) -> dict[str, str]:
    """What the office starts from when it drafts: each section's text written from the figures."""
    end, lights = cn_day(facts.end), facts.task_lights
    late = facts.overdue_departments
    low = [d.department for d in facts.departments if d.rate is not None and d.rate < 0.6]
    return {
        "overview": (
            f"{period_label}，全市纳入督办的任务共 {facts.tasks} 项。本期到期节点 {facts.due} 个，按时完成 "
            f"{facts.on_time} 个，按时率 {percent(facts.on_time, facts.due)}。截至{end}，红灯任务 "
            f"{lights['red']} 项、黄灯 {lights['yellow']} 项、绿灯 {lights['green']} 项、已完成 {lights['done']} 项。"
        ),
        "on_time": "各牵头单位本期到期节点的完成情况见表1（按按时率由低到高排列）。"
        + (f"按时率低于60%的单位：{'、'.join(low)}。" if low else ""),
        "overdue": (
            f"截至{end}，共有 {len(facts.overdue)} 个节点逾期未完成，涉及 {len(late)} 个单位：{'、'.join(late)}。"
            if late
            else f"截至{end}，无逾期未完成的节点。"
        ),
        "red": f"截至{end}，红灯任务 {len(facts.red)} 项，见表3。" if facts.red else f"截至{end}，无红灯任务。",
        "ranking": f"{facts.end.year}年度考核结果已发布，各单位排名见表4。" if facts.ranking else "",
        "practice": "以下单位的做法值得各单位学习借鉴：",
        "rectify": (
            f"请{'、'.join(late)}对逾期事项逐项分析原因，明确整改措施和完成时限，于收到本通报后10个工作日内"
            "完成整改，并将整改情况报健康办。"
            if late
            else "请各单位对照年度任务，继续按计划推进，按时报送进展。"
        ),
    }


def build_document(
    code: str, period_label: str, facts: BulletinFacts, texts: dict[str, str], excerpts: list[Excerpt], issued_on
) -> BulletinDocument:
    """The sections in order; the ranking only when the year's assessment is published."""
    keys = [k for k in SECTIONS if k != "ranking" or facts.ranking]
    parts = []
    for number, key in zip(NUMBERS, keys, strict=False):
        table = (*TABLES[key], table_rows(key, facts), EMPTY[key]) if key in TABLES else None
        parts.append(Part(number, key, SECTIONS[key], texts.get(key, ""), table, excerpts if key == "practice" else []))
    return BulletinDocument(code, period_label, facts, parts, issued_on)


def render_docx(doc: BulletinDocument) -> bytes:
    document = new_document(doc.title, [doc.code, doc.subtitle])
    for part in doc.parts:
        add_heading(document, f"{part.number}、{part.heading}")
        add_paragraphs(document, part.text)
        if part.table:
            add_table(document, *part.table)
        for i, excerpt in enumerate(part.excerpts, start=1):
            add_paragraphs(document, f"{i}. {excerpt.department}（{excerpt.task}）：{excerpt.text}")
        if part.key == "practice" and not part.excerpts:
            add_paragraphs(document, "（本期未选录）")
    add_right_aligned(document, doc.signature)
    return docx_bytes(document)


def render_files(doc: BulletinDocument) -> tuple[bytes, bytes]:
    """(PDF, DOCX) of the bulletin; the PDF embeds the CJK font subset it uses."""
    pdf = render_pdf(
        "pdf/bulletin.html",
        doc=doc,
        stylesheet=(ROOT / "static" / "pdf" / "bulletin.css").read_text(encoding="utf-8"),
    )
    return pdf, render_docx(doc)
