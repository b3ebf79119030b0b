"""Workbench (我的任务), office overview, milestone page and milestone generation."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from supervision.actions import attempt, back_to_milestone
from supervision.calendar.models import CalendarException
from supervision.clock import selected_year
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.milestones.services import (
    add_calendar_exception,
    add_milestone,
    generate_milestones,
    remove_calendar_exception,
    save_template,
    template_for,
    update_milestone,
)
from supervision.permissions import require_role
from supervision.tasks.models import Task

bp = Blueprint("milestones", __name__)


@bp.route("/work/milestones/generate", methods=["POST"])
@require_role("office")
def generate():
    value = request.form.get("year", "")
    if not value.isdigit():
        flash("请填写有效的年份。", "danger")
        return redirect(url_for("work.overview"), code=303)
    try:
        result = generate_milestones(int(value), actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(url_for("work.overview"), code=303)
    db.session.commit()
    flash(f"已为 {result['tasks']} 项任务生成 {value} 年节点 {result['created']} 个（已有的不重复生成）。", "success")
    if result["warning"]:
        flash(result["warning"], "warning")
    return redirect(url_for("work.overview", year=value), code=303)


def _date(name: str) -> date | None:
    try:
        return date.fromisoformat(request.form.get(name, "").strip())
    except ValueError:
        return None


def _int(name: str) -> int | None:
    value = request.form.get(name, "").strip()
    return int(value) if value.isdigit() else None


@bp.route("/work/schedule")
@require_role("office")
def schedule():
    year = selected_year()
    exceptions = db.session.scalars(select(CalendarException).order_by(CalendarException.day)).all()
    return render_template("work/schedule.html", year=year, template=template_for(year), exceptions=exceptions)


@bp.route("/work/schedule", methods=["POST"])
@require_role("office")
def save_schedule():
    year = _int("year")
    numbers = [_int("report_working_days"), _int("annual_month"), _int("annual_day")]
    if year is None or None in numbers:
        flash("请完整填写各项数字。", "danger")
    else:
        quarters = [int(q) for q in request.form.getlist("quarters") if q.isdigit()]
        attempt(
            lambda: save_template(year, quarters, *numbers, actor=current_user),
            f"{year} 年节点模板已保存；重新生成节点时按新模板执行（已有节点不变）。",
        )
    return redirect(url_for(".schedule", year=year or ""), code=303)


@bp.route("/work/calendar", methods=["POST"])
@require_role("office")
def add_exception():
    day = _date("day")
    if day is None:
        flash("请填写有效的日期（如 2025-10-11）。", "danger")
    else:
        kind, note = request.form.get("kind", ""), request.form.get("note", "")
        attempt(lambda: add_calendar_exception(day, kind, note, actor=current_user), "本地调整已添加。")
    return redirect(url_for(".schedule"), code=303)


@bp.route("/work/calendar/<int:exception_id>/delete", methods=["POST"])
@require_role("office")
def delete_exception(exception_id: int):
    row = db.get_or_404(CalendarException, exception_id)
    attempt(lambda: remove_calendar_exception(row, actor=current_user), "本地调整已删除。")
    return redirect(url_for(".schedule"), code=303)


@bp.route("/tasks/<int:task_id>/milestones", methods=["POST"])
@require_role("office")
def create_milestone(task_id: int):
    task = db.get_or_404(Task, task_id)
    due = _date("due_date")
    if due is None:
        flash("请填写有效的截止日期。", "danger")
        return redirect(url_for("tasks.task_detail", task_id=task.id), code=303)
    title = request.form.get("title", "")
    attempt(lambda: add_milestone(task, due.year, title, due, actor=current_user), "节点已添加。")
    return redirect(url_for("tasks.task_detail", task_id=task.id, year=due.year), code=303)


@bp.route("/milestones/<int:milestone_id>/edit", methods=["POST"])
@require_role("office")
def edit_milestone(milestone_id: int):
    milestone = db.get_or_404(Milestone, milestone_id)
    due = _date("due_date")
    if due is None:
        flash("请填写有效的截止日期。", "danger")
    else:
        title = request.form.get("title", "")
        attempt(lambda: update_milestone(milestone, title, due, actor=current_user), "节点已修改。")
    return back_to_milestone(milestone.id)
