"""The evaluation page of a plan: the generated figures, the office's verdicts and sections, the two files."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from supervision.accounts.queries import get_department_or_404
from supervision.actions import attempt
from supervision.clock import today
from supervision.evaluations.forms import SectionsForm, VerdictForm
from supervision.evaluations.record import department_record
from supervision.evaluations.record_export import record_xlsx
from supervision.evaluations.services import (
    HEADINGS,
    evaluation_document,
    evaluation_of,
    render_evaluation,
    save_sections,
    set_task_verdict,
)
from supervision.permissions import BUSINESS_READERS, require_role
from supervision.plans.queries import get_plan_by_code_or_404
from supervision.spreadsheets import XLSX_MIMETYPE
from supervision.tasks.queries import get_task_or_404

bp = Blueprint("evaluations", __name__)

MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _as_of() -> tuple[date, str | None]:
    """The `?as_of=` date (a mid-term evaluation) or today; an error message for a bad date."""
    value = request.args.get("as_of", "").strip()
    if not value:
        return today(), None
    try:
        return date.fromisoformat(value), None
    except ValueError:
        return today(), "截止日期格式应为 YYYY-MM-DD，已按今天生成。"


@bp.route("/evaluations/<code>")
@require_role("office")
def evaluation_page(code: str):
    plan = get_plan_by_code_or_404(code)
    as_of, error = _as_of()
    if error:
        flash(error, "warning")
    evaluation = evaluation_of(plan)
    sections = SectionsForm(obj=evaluation) if evaluation else SectionsForm()
    return render_template(
        "evaluations/evaluation.html",
        plan=plan,
        doc=evaluation_document(plan, as_of),
        as_of=as_of,
        headings=HEADINGS,
        sections_form=sections,
        verdict_form=VerdictForm(),
    )


@bp.route("/evaluations/<code>/sections", methods=["POST"])
@require_role("office")
def evaluation_sections(code: str):
    plan = get_plan_by_code_or_404(code)
    form = SectionsForm()
    if not form.validate_on_submit():
        flash("；".join(e for errors in form.errors.values() for e in errors) or "提交无效，请重试。", "danger")
    else:
        attempt(lambda: save_sections(plan, form.data, actor=current_user), "评估报告内容已保存。")
    return redirect(url_for(".evaluation_page", code=plan.code), code=303)


@bp.route("/evaluations/<code>/tasks/<int:task_id>/verdict", methods=["POST"])
@require_role("office")
def evaluation_verdict(code: str, task_id: int):
    plan = get_plan_by_code_or_404(code)
    task = get_task_or_404(task_id)
    form = VerdictForm()
    if not form.validate_on_submit():
        flash("；".join(e for errors in form.errors.values() for e in errors) or "提交无效，请重试。", "danger")
    else:
        attempt(
            lambda: set_task_verdict(plan, task, form.verdict.data, form.reason.data, actor=current_user),
            f"已更新{task.kind_label}{task.number}的完成结论。",
        )
    return redirect(url_for(".evaluation_page", code=plan.code) + f"#task-{task.id}", code=303)


@bp.route("/evaluations/<code>/evaluation.<any(pdf, docx):fmt>")
@require_role("office")
def evaluation_file(code: str, fmt: str):
    plan = get_plan_by_code_or_404(code)
    as_of, _error = _as_of()
    pdf, docx = render_evaluation(plan, as_of)
    kind = "终期评估" if as_of.year > plan.end_year else "中期评估"
    response = send_file(
        BytesIO(pdf if fmt == "pdf" else docx),
        mimetype=MIMETYPES[fmt],
        as_attachment=True,
        download_name=f"{plan.title}{kind}报告_{as_of.isoformat()}.{fmt}",
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/departments/<int:department_id>/record.xlsx")
@require_role(*BUSINESS_READERS)
def department_record_xlsx(department_id: int):
    department = get_department_or_404(department_id)
    data = record_xlsx(department_record(department, current_user, today()))
    name = f"历年考核与推进情况_{department.name}.xlsx"
    return send_file(BytesIO(data), as_attachment=True, download_name=name, mimetype=XLSX_MIMETYPE)
