"""Plan pages: the catalogue of plans, one plan with its tasks, Excel import and export."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from supervision.actions import attempt
from supervision.clock import today
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.permissions import BUSINESS_READERS, require_role
from supervision.plans.excel_read import PlanImportError
from supervision.plans.excel_template import template_xlsx
from supervision.plans.forms import ImportForm, PlanStateForm
from supervision.plans.importing import import_plan_workbook
from supervision.plans.lifecycle import change_plan_state
from supervision.plans.queries import get_plan_by_code_or_404, ordered_plans, tasks_by_category
from supervision.plans.services import export_plans
from supervision.spreadsheets import XLSX_MIMETYPE
from supervision.tasks.queries import task_counts_by_plan

bp = Blueprint("plans", __name__)

PER_PAGE = 30


@bp.route("/plans/")
@require_role(*BUSINESS_READERS)
def index():
    return render_template(
        "plans/index.html",
        plans=ordered_plans(user=current_user),
        counts=task_counts_by_plan(),
        import_form=ImportForm(),
    )


@bp.route("/plans/<code>")
@require_role(*BUSINESS_READERS)
def plan_detail(code: str):
    plan = get_plan_by_code_or_404(code)
    form = PlanStateForm() if current_user.has_role("office") else None
    return render_template("plans/plan.html", plan=plan, groups=tasks_by_category(plan), state_form=form)


@bp.route("/plans/<code>/state", methods=["POST"])
@require_role("office")
def plan_state(code: str):
    plan = get_plan_by_code_or_404(code)
    form = PlanStateForm()
    if not form.validate_on_submit():
        flash("；".join(e for errors in form.errors.values() for e in errors) or "提交无效，请重试。", "danger")
        return redirect(url_for(".plan_detail", code=plan.code), code=303)
    attempt(
        lambda: change_plan_state(plan, form.status.data, form.reason.data, actor=current_user, today=today()),
        lambda _: f"规划状态已改为“{plan.status_label}”。",
    )
    return redirect(url_for(".plan_detail", code=plan.code), code=303)


@bp.route("/plans/export.xlsx")
@require_role(*BUSINESS_READERS)
def export_xlsx():
    code = request.args.get("plan", "")
    plans = ordered_plans(code) or abort(404)
    data = export_plans(plans, "xlsx", code=code)
    db.session.commit()
    return send_file(
        BytesIO(data), as_attachment=True, download_name=f"规划任务_{code or '全部'}.xlsx", mimetype=XLSX_MIMETYPE
    )


@bp.route("/plans/template.xlsx")
@require_role("office")
def import_template():
    return send_file(
        BytesIO(template_xlsx()), as_attachment=True, download_name="规划导入模板.xlsx", mimetype=XLSX_MIMETYPE
    )


@bp.route("/plans/import", methods=["POST"])
@require_role("office")
def import_plan():
    form = ImportForm()
    if not form.validate_on_submit():
        flash("请选择要导入的 Excel 文件。", "danger")
        return redirect(url_for(".index"), code=303)
    try:
        counts = import_plan_workbook(form.file.data.stream, actor=current_user)  # read up to the limit
    except PlanImportError as error:
        db.session.rollback()
        return render_template("plans/import_errors.html", errors=error.errors), 400
    except DomainError as error:
        db.session.rollback()
        return render_template("plans/import_errors.html", errors=[error.message]), 400
    db.session.commit()
    flash(
        f"导入成功：规划 {counts['plans']} 个，新增任务 {counts['created']}，更新 {counts['updated']}，"
        f"未变 {counts['unchanged']}，指标 {counts['indicators']}。",
        "success",
    )
    return redirect(url_for(".index"), code=303)
