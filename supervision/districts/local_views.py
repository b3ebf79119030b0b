"""Local tasks of a district: its office (区健康办) creates them and reviews their reports; the city reads all."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from supervision.actions import attempt
from supervision.clock import today
from supervision.districts import local
from supervision.districts.forms import LocalMilestoneForm, LocalReviewForm, LocalTaskForm
from supervision.districts.services import get_district_or_404
from supervision.districts.units import district_units
from supervision.permissions import require_role
from supervision.reports.services import get_report_or_404
from supervision.tasks.queries import get_task_or_404
from supervision.validation import parse_date, parse_id

bp = Blueprint("district_local", __name__)
READERS = ("district_office", "office", "leader")


def _district():
    """The district shown: the district office's own; the city office and leaders pick one (?district=)."""
    if current_user.has_role("office", "leader"):
        chosen = parse_id(request.args.get("district"))
        return get_district_or_404(chosen) if chosen else None
    return get_district_or_404(current_user.department_id)


@bp.route("/districts/local/")
@require_role(*READERS)
def index():
    district = _district()
    return render_template(
        "districts/local.html",
        district=district,
        districts=district_units(),
        tasks=local.local_tasks(district.id) if district else [],
        pending=local.pending_local_reports(district.id) if district else [],
        year=today().year,
        can_edit=district is not None and current_user.has_role("district_office"),
    )


def _back():
    return redirect(url_for("district_local.index"), code=303)


@bp.route("/districts/local/", methods=["POST"])
@require_role("district_office")
def create():
    district = get_district_or_404(current_user.department_id)
    form = LocalTaskForm()
    if form.validate_or_flash():
        due = parse_date(form.due_date.data)
        attempt(
            lambda: local.create_local_task(
                district,
                form.name.data,
                form.content.data,
                due.year if due else today().year,
                form.milestone_title.data,
                due,
                actor=current_user,
            ),
            lambda t: f"已添加本地任务“{t.name}”。",
        )
    return _back()


@bp.route("/districts/local/tasks/<int:task_id>/milestones", methods=["POST"])
@require_role("district_office")
def add_milestone(task_id: int):
    task = get_task_or_404(task_id)
    form = LocalMilestoneForm()
    if form.validate_or_flash():
        due = parse_date(form.due_date.data)
        attempt(lambda: local.add_local_milestone(task, form.title.data, due, actor=current_user), "已添加节点。")
    return _back()


@bp.route("/districts/local/reports/<int:report_id>/review", methods=["POST"])
@require_role("district_office")
def review(report_id: int):
    report = get_report_or_404(report_id)
    form = LocalReviewForm()
    if form.validate_or_flash():
        approving = form.outcome.data == "approved"
        attempt(
            lambda: local.review_local_report(report, form.outcome.data, form.comment.data, actor=current_user),
            "审核通过。" if approving else "已退回，意见已发送给联络员。",
        )
    return _back()
