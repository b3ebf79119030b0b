"""Read-side pages: the workbench (我的任务), the office overview and the milestone page."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from supervision.audit.models import AuditEvent
from supervision.cache import cached
from supervision.clock import selected_year, today
from supervision.evidence.services import evidence_for
from supervision.extensions import db
from supervision.listing import excel_response, paginate_rows, sort_rows, wants_excel
from supervision.milestones.lights import LIGHT_LABELS
from supervision.milestones.models import Milestone
from supervision.permissions import BUSINESS_READERS, can_see_files, require_role, task_role
from supervision.plans.models import Plan
from supervision.reports.models import TASK_STATUSES
from supervision.reports.services import contributions_for, report_for
from supervision.reviews.models import Review
from supervision.tasks.models import Task
from supervision.work.lights import counts_by, counts_by_lead_department, listing
from supervision.work.queries import (
    EXPORT_HEADERS,
    export_cells,
    for_department,
    milestones_of_year,
    rows_for,
    sort_keys,
)

bp = Blueprint("work", __name__)


@bp.route("/work/")
@require_role(*BUSINESS_READERS)
def workbench():
    if current_user.has_role("office", "leader") and not current_user.has_role("liaison", "dept_head"):
        return redirect(url_for(".overview"))
    year, now = selected_year(), today()
    dept = current_user.department_id
    lead = rows_for(for_department(year, dept, "lead"), now)
    cooperating = rows_for(for_department(year, dept, "cooperating"), now)
    if wants_excel():
        cells = [export_cells(r) for r in lead] + [export_cells(r) for r in cooperating]
        return excel_response("我的任务", EXPORT_HEADERS, cells, f"我的任务_{year}")
    sections = {
        "returned": [r for r in lead if r.status == "returned"],
        "red": [r for r in lead if r.light == "red"],
        "yellow": [r for r in lead if r.light == "yellow"],
        "head": [r for r in lead if r.status == "submitted"] if current_user.has_role("dept_head") else [],
        "cooperating": [r for r in cooperating if r.light in ("red", "yellow")],
    }
    lead_sorted, sort, descending = sort_rows(lead, sort_keys(), "due")
    return render_template(
        "work/workbench.html",
        year=year,
        lead=paginate_rows(lead_sorted, 30, "page"),
        cooperating=paginate_rows(cooperating, 30, "cpage"),
        sections=sections,
        labels=LIGHT_LABELS,
        sort=sort,
        descending=descending,
    )


@bp.route("/work/overview")
@require_role("office", "leader")
def overview():
    year, now = selected_year(), today()
    light = request.args.get("light", "")
    light = light if light in LIGHT_LABELS else ""
    if wants_excel():
        rows = listing(year, now, light or None, "due", False, None).items
        return excel_response("督办总览", EXPORT_HEADERS, [export_cells(r) for r in rows], f"督办总览_{year}")
    by_plan, by_category, by_department = cached(
        ("overview", year, now),
        lambda: (
            counts_by(year, now, Plan.title),
            counts_by(year, now, Task.category),
            counts_by_lead_department(year, now),
        ),
    )
    sort = request.args.get("sort", "due")
    descending = sort.startswith("-")
    sort = sort.lstrip("-") if sort.lstrip("-") in ("due", "task", "light") else "due"
    page = request.args.get("page", "1")
    listed = listing(year, now, light, sort, descending, int(page) if page.isdigit() else 1) if light else None
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
    milestone = db.get_or_404(Milestone, milestone_id)
    task = milestone.task
    report = report_for(milestone)
    row = rows_for(select(Milestone).where(Milestone.id == milestone.id), today())[0]
    reviews = (
        db.session.scalars(select(Review).where(Review.report_id == report.id).order_by(Review.id)).all()
        if report
        else []
    )
    object_ids = [("milestone", str(milestone.id))] + ([("report", str(report.id))] if report else [])
    history = db.session.scalars(
        select(AuditEvent)
        .where(db.or_(*[(AuditEvent.object_type == t) & (AuditEvent.object_id == i) for t, i in object_ids]))
        .order_by(AuditEvent.id.desc())
        .limit(100)
    ).all()
    role = task_role(current_user, task)
    contributions = contributions_for(milestone)
    if role == "cooperating" and not current_user.has_role("office", "leader"):
        visible = [c for c in contributions if c.department_id == current_user.department_id]
    else:
        visible = contributions
    evidence = evidence_for(milestone) if can_see_files(current_user, task) else []
    return render_template(
        "work/milestone.html",
        milestone=milestone,
        task=task,
        report=report,
        light=row.light,
        labels=LIGHT_LABELS,
        reviews=reviews,
        history=history,
        role=role,
        contributions=visible,
        evidence=evidence,
        task_statuses=TASK_STATUSES,
        own_contribution=next((c for c in contributions if c.department_id == current_user.department_id), None),
        is_lead_liaison=current_user.has_role("liaison") and role == "lead",
        is_coop_liaison=current_user.has_role("liaison") and role == "cooperating",
    )


def task_milestones(task_id: int, year: int):
    """Milestone rows of one task in a year, for the task page."""
    return rows_for(milestones_of_year(year).where(Milestone.task_id == task_id), today())
