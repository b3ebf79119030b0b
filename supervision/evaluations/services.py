"""Evaluations: the office's sections and verdicts (audited), and rendering the report to PDF and Word."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from supervision.audit.services import changes, record_event, snapshot
from supervision.config import ROOT
from supervision.errors import DomainError
from supervision.evaluations.document import INDICATOR_HEADERS, TASK_HEADERS, build_document
from supervision.evaluations.models import SECTIONS, Evaluation, EvaluationVerdict
from supervision.evaluations.wordfile import render_docx
from supervision.extensions import db
from supervision.pdf import render_pdf
from supervision.plans.models import Plan
from supervision.tasks.models import VERDICTS, Task

HEADINGS = [
    ("一", "总体情况"),
    ("二", "任务完成情况"),
    ("三", "主要指标完成情况"),
    *[(n, label) for n, label in zip(("四", "五", "六"), SECTIONS.values(), strict=True)],
]
MAX_SECTION = 20000


def evaluation_of(plan: Plan) -> Evaluation | None:
    return db.session.scalar(select(Evaluation).where(Evaluation.plan_id == plan.id))


def _ensure(plan: Plan) -> Evaluation:
    evaluation = evaluation_of(plan)
    if evaluation is None:
        evaluation = Evaluation(plan=plan, achievements="", problems="", next_steps="")
        db.session.add(evaluation)
        db.session.flush()
    return evaluation


def save_sections(plan: Plan, texts: dict[str, str], *, actor=None) -> Evaluation:
    """Store the sections the office writes (主要成效, 存在问题, 下一步建议)."""
    evaluation = _ensure(plan)
    before = snapshot(evaluation, SECTIONS)
    for key, label in SECTIONS.items():
        text = (texts.get(key) or "").replace("\r\n", "\n").strip()
        if len(text) > MAX_SECTION:
            raise DomainError(f"“{label}”不能超过 {MAX_SECTION} 字。")
        setattr(evaluation, key, text)
    db.session.flush()
    before, after = changes(before, snapshot(evaluation, SECTIONS))
    record_event(
        "evaluation.edit",
        object_type="plan",
        object_id=plan.code,
        before=before,
        after=after,
        user=actor,
    )
    return evaluation


def set_task_verdict(plan: Plan, task: Task, verdict: str, reason: str | None, *, actor=None) -> None:
    """The office changes a task's suggested verdict, with a reason; an empty verdict goes back to the suggestion."""
    if task.plan_id != plan.id:
        raise DomainError("该任务不属于此规划。")
    evaluation = _ensure(plan)
    current = next((v for v in evaluation.verdicts if v.task_id == task.id), None)
    before = {"verdict": current.verdict, "reason": current.reason} if current else None
    if not verdict:
        if current is None:
            raise DomainError("该任务使用系统建议的结论，无需恢复。")
        evaluation.verdicts.remove(current)
        after = None
    else:
        reason = (reason or "").strip()
        if verdict not in VERDICTS:
            raise DomainError("请选择完成结论：" + "、".join(VERDICTS) + "。")
        if not reason:
            raise DomainError("修改结论须填写理由。")
        if current is None:
            current = EvaluationVerdict(task=task, verdict=verdict, reason=reason)
            evaluation.verdicts.append(current)
        current.verdict, current.reason = verdict, reason[:2000]
        after = {"verdict": verdict, "reason": current.reason}
    db.session.flush()
    record_event(
        "evaluation.verdict",
        object_type="task",
        object_id=task.id,
        before=before,
        after=after,
        user=actor,
        detail=plan.code,
    )


def evaluation_document(plan: Plan, as_of: date):
    return build_document(plan, evaluation_of(plan), as_of)


def render_evaluation(plan: Plan, as_of: date) -> tuple[bytes, bytes]:
    """(PDF, DOCX) of the evaluation of `plan` as of `as_of`: 终期评估 after the plan's end year, else 中期评估."""
    doc = evaluation_document(plan, as_of)
    pdf = render_pdf(
        "pdf/evaluation.html",
        doc=doc,
        headings=HEADINGS,
        task_headers=TASK_HEADERS,
        indicator_headers=INDICATOR_HEADERS,
        stylesheet=(ROOT / "static" / "pdf" / "evaluation.css").read_text(encoding="utf-8"),
    )
    return pdf, render_docx(doc, HEADINGS)
