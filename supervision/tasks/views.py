"""Task pages: the task list, one task, assignment (交办); departments and their tasks."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from supervision.accounts.queries import active_departments, departments_by_kind, get_department_or_404
from supervision.actions import attempt
from supervision.clock import selected_year, today
from supervision.extensions import db
from supervision.hooks import hooks_for
from supervision.listing import excel_response, parse_page, wants_excel
from supervision.milestones.lights import LIGHT_LABELS
from supervision.permissions import BUSINESS_READERS, require_role
from supervision.plans.queries import ordered_plans
from supervision.plans.services import set_head_approval
from supervision.tasks.forms import AssignForm, BatchAssignForm, TaskStateForm
from supervision.tasks.lifecycle import change_task_state, predecessors, successor_choices
from supervision.tasks.models import Task
from supervision.tasks.queries import (
    TaskFilter,
    assignment_history,
    categories,
    department_tasks,
    filtered_tasks,
    sorted_by_name,
    tasks_by_ids,
    unassigned_tasks,
    units_without_liaison,
)
from supervision.tasks.services import assign_departments, assign_departments_batch
from supervision.validation import check_choice
from supervision.work.views import task_milestones

bp = Blueprint("tasks", __name__)

PER_PAGE = 30
EXPORT_HEADERS = ["规划", "类别/分组", "类型", "序号", "名称", "周期", "牵头部门", "配合部门"]


def _export_cells(task: Task) -> list:
    return [
        task.plan.title,
        task.category,
        task.kind_label,
        task.number,
        task.name,
        task.period_label,
        "、".join(d.name for d in task.lead_departments),
        "、".join(d.name for d in task.cooperating_departments),
    ]


@bp.route("/tasks/")
@require_role(*BUSINESS_READERS)
def tasks():
    f = TaskFilter.from_args(request.args)
    query = filtered_tasks(f, current_user)
    if wants_excel():
        rows = [_export_cells(t) for t in db.session.scalars(query)]
        return excel_response("任务清单", EXPORT_HEADERS, rows, "任务清单")
    sort = request.args.get("sort", "")
    if sort in ("name", "-name"):
        query = sorted_by_name(query, sort)
    return render_template(
        "tasks/tasks.html",
        page=db.paginate(query, page=parse_page(), per_page=PER_PAGE, error_out=False),
        f=f,
        plans=ordered_plans(user=current_user),
        categories=categories(),
        departments=active_departments(),
        sort=sort,
    )


@bp.route("/tasks/<int:task_id>")
@require_role(*BUSINESS_READERS)
def task_detail(task_id: int):
    task = db.get_or_404(Task, task_id)
    office = current_user.has_role("office")
    form = _assign_form(task) if office else None
    year = selected_year()
    history = [
        (p, [(y, task_milestones(p.id, y)) for y in range(p.start_year, p.end_year + 1)]) for p in predecessors(task)
    ]
    return render_template(
        "tasks/task.html",
        task=task,
        history=assignment_history(task),
        form=form,
        year=year,
        milestones=task_milestones(task.id, year),
        labels=LIGHT_LABELS,
        state_form=_state_form(task) if office else None,
        predecessors=history,
        sections=[html for hook in hooks_for("task_sections") if (html := hook(task, current_user))],
    )


def _state_form(task: Task, formdata=None) -> TaskStateForm:
    form = TaskStateForm(formdata=formdata)
    form.successor.choices = {"": "—"} | successor_choices(task)
    return form


@bp.route("/tasks/<int:task_id>/state", methods=["POST"])
@require_role("office")
def task_state(task_id: int):
    task = db.get_or_404(Task, task_id)
    form = _state_form(task, formdata=request.form)
    if not form.validate_on_submit():
        flash("；".join(e for errors in form.errors.values() for e in errors) or "提交无效，请重试。", "danger")
        return redirect(url_for(".task_detail", task_id=task.id), code=303)
    attempt(
        lambda: change_task_state(
            task,
            form.action.data,
            verdict=form.verdict.data,
            reason=form.reason.data,
            successor=form.successor.data,
            actor=current_user,
            today=today(),
        ),
        lambda _: f"任务状态已改为“{task.status_label}”。",
    )
    return redirect(url_for(".task_detail", task_id=task.id), code=303)


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


def _batch_form(tasks: list[Task], formdata=None) -> BatchAssignForm:
    form = BatchAssignForm(formdata=formdata)
    form.tasks.choices = [(t.id, t.name) for t in tasks]
    choices = [(d.id, d.name) for d in active_departments()]
    form.lead.choices = choices
    form.cooperating.choices = choices
    return form


def _chosen(form: BatchAssignForm) -> tuple[list[Task], dict[int, str]]:
    names = dict(form.lead.choices)
    return tasks_by_ids(form.tasks.data), names


@bp.route("/tasks/unassigned")
@require_role("office")
def unassigned():
    tasks = unassigned_tasks()
    return render_template("tasks/unassigned.html", tasks=tasks, form=_batch_form(tasks))


@bp.route("/tasks/assign-batch", methods=["POST"])
@require_role("office")
def assign_batch():
    """Step 1 shows what will be assigned (nothing changes); step 2 (confirm=1) assigns every task or none."""
    tasks = unassigned_tasks()
    form = _batch_form(tasks, formdata=request.form)
    if not form.validate_on_submit():
        flash("所选任务或部门无效（任务可能已被交办），请刷新页面后重试。", "danger")
        return redirect(url_for(".unassigned"), code=303)
    chosen, names = _chosen(form)
    problem = _batch_problem(chosen, form)
    if problem:
        flash(problem, "danger")
        return render_template("tasks/unassigned.html", tasks=tasks, form=form), 400
    if request.form.get("confirm") != "1":
        return render_template("tasks/assign_confirm.html", form=form, tasks=chosen, names=names)
    done = attempt(
        lambda: assign_departments_batch(chosen, form.lead.data, form.cooperating.data, actor=current_user),
        lambda n: f"已批量交办 {n} 项任务。",
    )
    return (
        redirect(url_for(".unassigned"), code=303)
        if done
        else (render_template("tasks/unassigned.html", tasks=tasks, form=form), 400)
    )


def _batch_problem(chosen: list[Task], form: BatchAssignForm) -> str | None:
    if not chosen:
        return "请至少勾选一项任务。"
    if not form.lead.data:
        return "至少需要一个牵头部门。"
    if set(form.lead.data) & set(form.cooperating.data):
        return "同一部门不能既是牵头部门又是配合部门。"
    return None


@bp.route("/departments/without-liaison")
@require_role("office")
def without_liaison():
    return render_template("tasks/without_liaison.html", rows=units_without_liaison())


@bp.route("/departments/")
@require_role(*BUSINESS_READERS)
def departments():
    return render_template("tasks/departments.html", groups=departments_by_kind())


@bp.route("/departments/<int:department_id>")
@require_role(*BUSINESS_READERS)
def department_detail(department_id: int):
    department = get_department_or_404(department_id)
    # sections of the department's history from higher domains (整改, 约谈/问责): hook(department, user) -> HTML
    history = [html for hook in hooks_for("department_history") if (html := hook(department, current_user))]
    return render_template(
        "tasks/department.html", department=department, tasks=department_tasks(department), history=history
    )


@bp.route("/departments/<int:department_id>/settings", methods=["POST"])
@require_role("office")
def department_settings(department_id: int):
    department = get_department_or_404(department_id)
    required = check_choice(request.form.get("requires_head_approval", ""), ("", "1")) == "1"
    attempt(lambda: set_head_approval(department, required, actor=current_user), "部门设置已保存。")
    return redirect(url_for(".department_detail", department_id=department.id), code=303)
