"""District pages: the office's list of district units and the lead's per-district table of a milestone."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from supervision.actions import attempt
from supervision.districts import services
from supervision.districts.forms import DistrictForm, IncludeForm, ReturnForm
from supervision.districts.units import COLLECTIVE, district_units
from supervision.errors import PermissionDenied
from supervision.milestones.services import get_milestone_or_404
from supervision.permissions import BUSINESS_READERS, require_role

bp = Blueprint("districts", __name__)


@bp.route("/districts/")
@require_role("office")
def index():
    return render_template(
        "districts/index.html", districts=district_units(include_inactive=True), collective=COLLECTIVE
    )


@bp.route("/districts/", methods=["POST"])
@require_role("office")
def add():
    form = DistrictForm()
    if form.validate_or_flash():
        attempt(
            lambda: services.add_district(form.name.data, form.short_name.data, actor=current_user),
            lambda d: f"已添加“{d.name}”。",
        )
    return redirect(url_for("districts.index"), code=303)


@bp.route("/districts/<int:department_id>/edit", methods=["POST"])
@require_role("office")
def edit(department_id: int):
    department = services.get_district_or_404(department_id)
    form = DistrictForm()
    if form.validate_or_flash():
        attempt(
            lambda: services.update_district(
                department, form.name.data, form.short_name.data, form.active.data, actor=current_user
            ),
            "已保存。",
        )
    return redirect(url_for("districts.index"), code=303)


@bp.route("/milestones/<int:milestone_id>/districts")
@require_role(*BUSINESS_READERS)
def milestone_table(milestone_id: int):
    milestone = get_milestone_or_404(milestone_id)
    if not services.can_see_district_table(current_user, milestone):
        raise PermissionDenied("只有牵头部门、办公室和领导可以查看各区、县(市)的配合情况。")
    rows = services.district_table(milestone)
    return render_template("districts/milestone.html", milestone=milestone, task=milestone.task, rows=rows)


def _back(contribution):
    return redirect(url_for("districts.milestone_table", milestone_id=contribution.milestone_id), code=303)


@bp.route("/contributions/<int:contribution_id>/include", methods=["POST"])
@require_role("liaison")
def include(contribution_id: int):
    contribution = services.get_contribution_or_404(contribution_id)
    if IncludeForm().validate_or_flash():
        attempt(lambda: services.include_contribution(contribution, actor=current_user), "已纳入报送。")
    return _back(contribution)


@bp.route("/contributions/<int:contribution_id>/return", methods=["POST"])
@require_role("liaison")
def return_(contribution_id: int):
    contribution = services.get_contribution_or_404(contribution_id)
    form = ReturnForm()
    if form.validate_or_flash():
        attempt(
            lambda: services.return_contribution(contribution, form.reason.data, actor=current_user),
            "已退回该单位的配合情况。",
        )
    return _back(contribution)
