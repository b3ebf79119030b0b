"""Read-side pages: the workbench (我的任务), the office overview and the milestone page."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from supervision.cache import cached
from supervision.clock import selected_year, today
from supervision.indicators.workbench import department_indicators
from supervision.listing import excel_response, paginate_rows, parse_page, sort_rows, wants_excel
from supervision.milestones.lights import LIGHT_LABELS, LIGHTS
from supervision.milestones.services import get_milestone_or_404
from supervision.permissions import BUSINESS_READERS, require_role
from supervision.reminders.history import milestone_history
from supervision.work import queries
from supervision.work.lights import listing
from supervision.work.queries import EXPORT_HEADERS, export_cells, for_department, rows_for, sort_keys
from supervision.work.services import milestone_page, overview_counts, workbench_sections
from supervision.work.todo import latest_open_year, open_items

TODO_PER_PAGE = 30  # the to-do list of every year, returned reports first, a page at a time
SECTION_ROWS = 20  # each "needs you first" section lists its earliest; the full table below holds the rest

bp = Blueprint("work", __name__)


@bp.route("/work/")
@require_role(*BUSINESS_READERS)
def workbench():
    if current_user.has_role("office", "leader") and not current_user.has_role("liaison", "dept_head"):
        return redirect(url_for(".overview"))
    now, dept = today(), current_user.department_id
    todo = open_items(dept, now)
    year = selected_year(default=latest_open_year(todo))
    lead = rows_for(for_department(year, dept, "lead"), now)
    cooperating = rows_for(for_department(year, dept, "cooperating"), now)
    if wants_excel():
        cells = [export_cells(r) for r in lead] + [export_cells(r) for r in cooperating]
        return excel_response("我的任务", EXPORT_HEADERS, cells, f"我的任务_{year}")
    lead_sorted, sort, descending = sort_rows(lead, sort_keys(), "due")
    return render_template(
        "work/workbench.html",
        year=year,
        todo=paginate_rows(todo, TODO_PER_PAGE, "tpage"),
        section_rows=SECTION_ROWS,
        today=now,
        lead=paginate_rows(lead_sorted, 30, "page"),
        cooperating=paginate_rows(cooperating, 30, "cpage"),
        sections=workbench_sections(lead, cooperating, current_user),
        indicators=department_indicators(dept, year),
        labels=LIGHT_LABELS,
        sort=sort,
        descending=descending,
    )


@bp.route("/work/overview")
@require_role("office", "leader")
def overview():
    year, now = selected_year(), today()
    light = request.args.get("light", "")
    light = light if light in LIGHTS else ""
    if wants_excel():
        rows = listing(year, now, light or None, "due", False, None).items
        return excel_response("督办总览", EXPORT_HEADERS, [export_cells(r) for r in rows], f"督办总览_{year}")
    by_plan, by_category, by_department = cached(("overview", year, now), lambda: overview_counts(year, now))
    sort = request.args.get("sort", "due")
    descending = sort.startswith("-")
    sort = sort.lstrip("-") if sort.lstrip("-") in ("due", "task", "light") else "due"
    listed = listing(year, now, light, sort, descending, parse_page()) if light else None
    return render_template(
        "work/overview.html",
        year=year,
        has_rows=bool(by_plan),
        by_plan=by_plan,
        by_category=by_category,
        by_department=by_department,
        labels=LIGHT_LABELS,
        light=light,
        listed=listed,
        sort=sort,
        descending=descending,
    )


@bp.route("/milestones/<int:milestone_id>")
@require_role(*BUSINESS_READERS)
def milestone_detail(milestone_id: int):
    milestone = get_milestone_or_404(milestone_id)
    unit = None if current_user.has_role("office", "leader") else current_user.department_id
    return render_template(
        "work/milestone.html",
        labels=LIGHT_LABELS,
        reminder_history=milestone_history(milestone.id, unit),
        **milestone_page(milestone, current_user, today()),
    )


def task_milestones(task_id: int, year: int):
    """Milestone rows of one task in a year, for the task page."""
    return queries.task_milestones(task_id, year, today())
