"""Catalogue pages: plans, tasks, departments; assignment (交办) and Excel import/export."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import func, select

from supervision.audit.services import record_event
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.permissions import BUSINESS_READERS, require_role
from supervision.plans.forms import ImportForm
from supervision.plans.models import Plan
from supervision.plans.services import export_plan, load_plans
from supervision.tasks.models import Task

bp = Blueprint("plans", __name__)

PER_PAGE = 30


@bp.route("/plans/")
@require_role(*BUSINESS_READERS)
def index():
    counts = dict(db.session.execute(select(Task.plan_id, func.count()).group_by(Task.plan_id)).all())
    plans = db.session.scalars(select(Plan).order_by(Plan.start_year, Plan.code)).all()
    return render_template("plans/index.html", plans=plans, counts=counts, import_form=ImportForm())


@bp.route("/plans/<code>")
@require_role(*BUSINESS_READERS)
def plan_detail(code: str):
    plan = db.session.scalar(select(Plan).where(Plan.code == code)) or abort(404)
    groups: dict[str, list[Task]] = {}
    for task in sorted(plan.tasks, key=lambda t: (t.kind != "key_project", t.number)):
        groups.setdefault(task.category, []).append(task)
    return render_template("plans/plan.html", plan=plan, groups=groups)


@bp.route("/plans/export.xlsx")
@require_role(*BUSINESS_READERS)
def export_xlsx():
    from supervision.plans.excel import plans_to_xlsx

    code = request.args.get("plan", "")
    query = select(Plan).order_by(Plan.start_year, Plan.code)
    if code:
        query = query.where(Plan.code == code)
    plans = db.session.scalars(query).all()
    if not plans:
        abort(404)
    data = plans_to_xlsx([export_plan(p) for p in plans])
    record_event("plan.export", object_type="plan", object_id=code or "*", detail="xlsx")
    db.session.commit()
    name = f"规划任务_{code or '全部'}.xlsx"
    return send_file(
        BytesIO(data),
        as_attachment=True,
        download_name=name,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@bp.route("/plans/import", methods=["POST"])
@require_role("office")
def import_plan():
    from supervision.plans.excel import PlanImportError, xlsx_to_plans

    form = ImportForm()
    if not form.validate_on_submit():
        flash("请选择要导入的 Excel 文件。", "danger")
        return redirect(url_for(".index"), code=303)
    try:
        counts = load_plans(xlsx_to_plans(form.file.data.read()), actor=current_user)
    except PlanImportError as error:
        db.session.rollback()
        return render_template("plans/import_errors.html", errors=error.errors), 400
    except DomainError as error:
        db.session.rollback()
        return render_template("plans/import_errors.html", errors=[error.message]), 400
    db.session.commit()
    flash(
        f"导入成功：规划 {counts['plans']} 个，新增任务 {counts['created']}，更新 {counts['updated']}，"
        f"未变 {counts['unchanged']}。",
        "success",
    )
    return redirect(url_for(".index"), code=303)
