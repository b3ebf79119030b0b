"""Milestone generation, the office's schedule page (yearly template, local calendar) and milestone edits."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from supervision.actions import attempt, back_to_milestone
from supervision.clock import selected_year
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.milestones.forms import CalendarExceptionForm, GenerateForm, MilestoneForm, ScheduleForm
from supervision.milestones.services import (
    add_calendar_exception,
    add_milestone,
    calendar_exceptions,
    generate_milestones,
    get_calendar_exception_or_404,
    get_milestone_or_404,
    remove_calendar_exception,
    save_template,
    template_for,
    update_milestone,
)
from supervision.permissions import require_role
from supervision.tasks.queries import get_task_or_404

bp = Blueprint("milestones", __name__)


@bp.route("/work/milestones/generate", methods=["POST"])
@require_role("office")
def generate():
    form = GenerateForm()
    if not form.validate_or_flash():
        return redirect(url_for("work.overview"), code=303)
    year = form.year.data
    try:
        result = generate_milestones(year, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(url_for("work.overview"), code=303)
    db.session.commit()
    flash(f"已为 {result['tasks']} 项任务生成 {year} 年节点 {result['created']} 个（已有的不重复生成）。", "success")
    if result["warning"]:
        flash(result["warning"], "warning")
    return redirect(url_for("work.overview", year=year), code=303)


@bp.route("/work/schedule")
@require_role("office")
def schedule():
    year = selected_year()
    return render_template(
        "work/schedule.html", year=year, template=template_for(year), exceptions=calendar_exceptions()
    )


@bp.route("/work/schedule", methods=["POST"])
@require_role("office")
def save_schedule():
    form = ScheduleForm()
    year = form.year.data
    if form.validate_or_flash():
        numbers = (form.report_working_days.data, form.annual_month.data, form.annual_day.data)
        attempt(
            lambda: save_template(year, form.quarters.data, *numbers, actor=current_user),
            f"{year} 年节点模板已保存；重新生成节点时按新模板执行（已有节点不变）。",
        )
    return redirect(url_for(".schedule", year=year or ""), code=303)


@bp.route("/work/calendar", methods=["POST"])
@require_role("office")
def add_exception():
    form = CalendarExceptionForm()
    if form.validate_or_flash():
        attempt(
            lambda: add_calendar_exception(form.day.data, form.kind.data, form.note.data, actor=current_user),
            "本地调整已添加。",
        )
    return redirect(url_for(".schedule"), code=303)


@bp.route("/work/calendar/<int:exception_id>/delete", methods=["POST"])
@require_role("office")
def delete_exception(exception_id: int):
    row = get_calendar_exception_or_404(exception_id)
    attempt(lambda: remove_calendar_exception(row, actor=current_user), "本地调整已删除。")
    return redirect(url_for(".schedule"), code=303)


@bp.route("/tasks/<int:task_id>/milestones", methods=["POST"])
@require_role("office")
def create_milestone(task_id: int):
    task = get_task_or_404(task_id)
    form = MilestoneForm()
    if not form.validate_or_flash():
        return redirect(url_for("tasks.task_detail", task_id=task.id), code=303)
    due = form.due_date.data
    attempt(lambda: add_milestone(task, due.year, form.title.data, due, actor=current_user), "节点已添加。")
    return redirect(url_for("tasks.task_detail", task_id=task.id, year=due.year), code=303)


@bp.route("/milestones/<int:milestone_id>/edit", methods=["POST"])
@require_role("office")
def edit_milestone(milestone_id: int):
    milestone = get_milestone_or_404(milestone_id)
    form = MilestoneForm()
    if form.validate_or_flash():
        due = form.due_date.data
        attempt(lambda: update_milestone(milestone, form.title.data, due, actor=current_user), "节点已修改。")
    return back_to_milestone(milestone.id)
