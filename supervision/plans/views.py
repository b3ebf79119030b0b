"""Catalogue pages: plans, tasks, departments; assignment (交办) and Excel import/export."""

from __future__ import annotations

from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import func, select

from supervision.accounts.models import DEPARTMENT_KIND_LABELS, Department
from supervision.actions import attempt
from supervision.audit.models import AuditEvent
from supervision.audit.services import record_event
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.listing import excel_response, wants_excel
from supervision.permissions import BUSINESS_READERS, require_role
from supervision.plans import bp
from supervision.plans.forms import AssignForm, ImportForm
from supervision.plans.models import Plan, Task
from supervision.plans.queries import TaskFilter, active_departments, categories, department_tasks, filtered_tasks
from supervision.plans.services import assign_departments, export_plan, load_plans, set_head_approval

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


@bp.route("/tasks/")
@require_role(*BUSINESS_READERS)
def tasks():
    f = TaskFilter.from_args(request.args)
    query = filtered_tasks(f)
    if wants_excel():
        rows = [
            [
                t.plan.title,
                t.category,
                t.kind_label,
                t.number,
                t.name,
                t.period_label,
                "、".join(d.name for d in t.lead_departments),
                "、".join(d.name for d in t.cooperating_departments),
            ]
            for t in db.session.scalars(query)
        ]
        headers = ["规划", "类别/分组", "类型", "序号", "名称", "周期", "牵头部门", "配合部门"]
        return excel_response("任务清单", headers, rows, "任务清单")
    sort = request.args.get("sort", "")
    if sort in ("name", "-name"):
        query = query.order_by(None).order_by(Task.name.desc() if sort.startswith("-") else Task.name)
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    plans = db.session.scalars(select(Plan).order_by(Plan.start_year)).all()
    return render_template(
        "plans/tasks.html",
        page=page,
        f=f,
        plans=plans,
        categories=categories(),
        departments=active_departments(),
        sort=sort,
    )


@bp.route("/tasks/<int:task_id>")
@require_role(*BUSINESS_READERS)
def task_detail(task_id: int):
    task = db.get_or_404(Task, task_id)
    history = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == "task", AuditEvent.object_id == str(task.id))
        .where(AuditEvent.action.in_(["task.assign", "task.demo_assign"]))
        .order_by(AuditEvent.id.desc())
    ).all()
    form = None
    if current_user.has_role("office"):
        form = _assign_form(task)
    from supervision.milestones.services import LIGHT_LABELS
    from supervision.milestones.views import selected_year, task_milestones

    year = selected_year()
    return render_template(
        "plans/task.html",
        task=task,
        history=history,
        form=form,
        year=year,
        milestones=task_milestones(task.id, year),
        labels=LIGHT_LABELS,
    )


def _assign_form(task: Task, formdata=None) -> AssignForm:
    form = AssignForm(formdata=formdata)
    choices = [(d.id, d.name) for d in active_departments()]
    form.lead.choices = choices
    form.cooperating.choices = choices
    if formdata is None:
        form.lead.data = [d.id for d in task.lead_departments]
        form.cooperating.data = [d.id for d in task.cooperating_departments]
    return form


@bp.route("/tasks/<int:task_id>/assign", methods=["POST"])
@require_role("office")
def assign(task_id: int):
    task = db.get_or_404(Task, task_id)
    form = _assign_form(task, formdata=request.form)
    if not form.validate_on_submit():
        flash("所选部门无效，请刷新页面后重试。", "danger")
        return redirect(url_for(".task_detail", task_id=task.id), code=303)
    attempt(lambda: assign_departments(task, form.lead.data, form.cooperating.data, actor=current_user), "交办已保存。")
    return redirect(url_for(".task_detail", task_id=task.id), code=303)


@bp.route("/departments/")
@require_role(*BUSINESS_READERS)
def departments():
    rows = db.session.scalars(select(Department).order_by(Department.kind, Department.id)).all()
    groups: dict[str, list[Department]] = {}
    for dept in rows:
        groups.setdefault(dept.kind, []).append(dept)
    return render_template("plans/departments.html", groups=groups, kind_labels=DEPARTMENT_KIND_LABELS)


@bp.route("/departments/<int:department_id>")
@require_role(*BUSINESS_READERS)
def department_detail(department_id: int):
    department = db.get_or_404(Department, department_id)
    return render_template("plans/department.html", department=department, tasks=department_tasks(department))


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


@bp.route("/departments/<int:department_id>/settings", methods=["POST"])
@require_role("office")
def department_settings(department_id: int):
    department = db.get_or_404(Department, department_id)
    required = request.form.get("requires_head_approval") == "1"
    attempt(lambda: set_head_approval(department, required, actor=current_user), "部门设置已保存。")
    return redirect(url_for(".department_detail", department_id=department.id), code=303)
