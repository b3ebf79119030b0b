"""Task pages: the task list, one task, assignment (交办); departments and their tasks."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from supervision.accounts.models import DEPARTMENT_KIND_LABELS, Department
from supervision.actions import attempt
from supervision.audit.models import AuditEvent
from supervision.extensions import db
from supervision.listing import excel_response, wants_excel
from supervision.permissions import BUSINESS_READERS, require_role
from supervision.plans.models import Plan
from supervision.plans.services import set_head_approval
from supervision.tasks.forms import AssignForm
from supervision.tasks.models import Task
from supervision.tasks.queries import TaskFilter, active_departments, categories, department_tasks, filtered_tasks
from supervision.tasks.services import assign_departments

bp = Blueprint("tasks", __name__)

PER_PAGE = 30


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
    from supervision.clock import selected_year
    from supervision.milestones.lights import LIGHT_LABELS
    from supervision.work.views import task_milestones

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


@bp.route("/departments/<int:department_id>/settings", methods=["POST"])
@require_role("office")
def department_settings(department_id: int):
    department = db.get_or_404(Department, department_id)
    required = request.form.get("requires_head_approval") == "1"
    attempt(lambda: set_head_approval(department, required, actor=current_user), "部门设置已保存。")
    return redirect(url_for(".department_detail", department_id=department.id), code=303)
