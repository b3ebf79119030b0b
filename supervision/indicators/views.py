"""Indicator pages: the dashboard by category, an indicator's page, value entry and review, the office's settings."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from supervision.accounts.queries import active_departments
from supervision.actions import attempt
from supervision.audit.labels import ACTION_LABELS
from supervision.db import write_lock
from supervision.evidence.attached import send_stored
from supervision.extensions import db
from supervision.indicators.chart import build_chart
from supervision.indicators.entries import can_enter, enter_value, judged_series, review_value, submit_value
from supervision.indicators.evidence import (
    can_read_files,
    files_of,
    get_file_or_404,
    record_file_download,
    upload_value_evidence,
)
from supervision.indicators.forms import (
    FileForm,
    OwnerForm,
    ReviewForm,
    SettingsForm,
    TargetRuleForm,
    ValueForm,
    YearForm,
)
from supervision.indicators.queries import (
    by_category,
    get_indicator_or_404,
    get_row_or_404,
    get_value_or_404,
    history,
    register_rows,
)
from supervision.indicators.register import ATTAINMENTS, LIGHTS
from supervision.indicators.services import assign_owner, set_judging, set_rule, set_year
from supervision.indicators.targets import get_target_or_404, set_target_rule
from supervision.permissions import BUSINESS_READERS, require_role

bp = Blueprint("indicators", __name__, url_prefix="/indicators")


@bp.route("/")
@require_role(*BUSINESS_READERS)
def index():
    rows = register_rows(approved_only=True)
    return render_template("indicators/index.html", groups=by_category(rows), attainments=ATTAINMENTS, lights=LIGHTS)


@bp.route("/<int:indicator_id>")
@require_role(*BUSINESS_READERS)
def detail(indicator_id: int):
    row = get_row_or_404(indicator_id)
    ind = row.indicator
    province = next((y.province_target for y in sorted(row.years, key=lambda y: -y.year) if y.province_target), None)
    approved = [v for v in row.values if v.status == "approved"]
    office = current_user.has_role("office")
    owner_form = settings_form = year_form = None
    if office:
        owner_form = OwnerForm(owner=ind.owner_id or 0, contributors=[d.id for d in ind.contributors])
        departments = [(d.id, d.name) for d in active_departments()]
        owner_form.owner.choices = [(0, "— 请选择 —"), *departments]
        owner_form.contributors.choices = departments
        settings_form = SettingsForm(tolerance=_percent(ind.tolerance), use_path=ind.use_path)
        year_form = YearForm()
    readable = [v for v in row.values if can_read_files(current_user, v)]
    return render_template(
        "indicators/detail.html",
        ind=ind,
        row=row,
        chart=build_chart(ind, judged_series(ind, approved, row.years), province),
        history=history(ind, row.values),
        value_form=ValueForm() if can_enter(current_user, ind) else None,
        review_form=ReviewForm() if office else None,
        owner_form=owner_form,
        settings_form=settings_form,
        year_form=year_form,
        years=sorted(row.years, key=lambda y: y.year),
        files=files_of(readable),
        file_form=FileForm() if can_enter(current_user, ind) else None,
        can_enter=can_enter(current_user, ind),
        judged={j.year: j for j in row.series},
        action_labels=ACTION_LABELS,
        lights=LIGHTS,
    )


def _percent(fraction: str) -> str:
    return format((float(fraction or 0) * 100), "g")


def _back(indicator_id: int):
    return redirect(url_for(".detail", indicator_id=indicator_id), code=303)


@bp.route("/<int:indicator_id>/values", methods=["POST"])
@require_role("office", "liaison")
def enter(indicator_id: int):
    ind = get_indicator_or_404(indicator_id)
    form = ValueForm()
    if form.validate_or_flash():
        attempt(
            lambda: enter_value(
                ind,
                form.year.data,
                form.value.data,
                quarter=form.quarter.data,
                source=form.source.data,
                basis_note=form.basis_note.data,
                actor=current_user,
            ),
            "数值已保存为草稿，请提交审核。",
        )
    return _back(ind.id)


@bp.route("/values/<int:value_id>/submit", methods=["POST"])
@require_role("office", "liaison")
def submit(value_id: int):
    value = get_value_or_404(value_id)
    attempt(lambda: submit_value(value, actor=current_user), "已提交，等待办公室审核。")
    return _back(value.indicator_id)


@bp.route("/values/<int:value_id>/review", methods=["POST"])
@require_role("office")
def review(value_id: int):
    value = get_value_or_404(value_id)
    form = ReviewForm()
    if form.validate_or_flash():
        message = "已通过。" if form.decision.data == "approve" else "已退回。"
        attempt(lambda: review_value(value, form.decision.data, form.comment.data, actor=current_user), message)
    return _back(value.indicator_id)


@bp.route("/<int:indicator_id>/owner", methods=["POST"])
@require_role("office")
def owner(indicator_id: int):
    ind = get_indicator_or_404(indicator_id)
    form = OwnerForm()
    if form.validate_or_flash():
        attempt(lambda: assign_owner(ind, form.owner.data, form.contributors.data, actor=current_user), "分工已保存。")
    return _back(ind.id)


@bp.route("/<int:indicator_id>/settings", methods=["POST"])
@require_role("office")
def settings(indicator_id: int):
    ind = get_indicator_or_404(indicator_id)
    form = SettingsForm()
    if not form.validate_or_flash():
        return _back(ind.id)
    if (form.rule.data or "").strip() and not attempt(
        lambda: set_rule(ind, form.rule.data, actor=current_user), "目标规则已保存。"
    ):
        return _back(ind.id)
    attempt(lambda: set_judging(ind, form.tolerance.data, form.use_path.data, actor=current_user), "评判设置已保存。")
    return _back(ind.id)


@bp.route("/<int:indicator_id>/years", methods=["POST"])
@require_role("office")
def year(indicator_id: int):
    ind = get_indicator_or_404(indicator_id)
    form = YearForm()
    if form.validate_or_flash():
        attempt(
            lambda: set_year(ind, form.year.data, form.due_date.data, form.province_target.data, actor=current_user),
            f"{form.year.data}年的报送要求已保存。",
        )
    return _back(ind.id)


@bp.route("/targets/<int:target_id>/rule", methods=["POST"])
@require_role("office")
def task_target_rule(target_id: int):
    """The office writes (or clears, with an empty wording) the rule of a task target, on the task page."""
    target = get_target_or_404(target_id)
    form = TargetRuleForm()
    if form.validate_or_flash():
        cleared = not (form.wording.data or "").strip()
        message = "已清除人工设定的评判规则，恢复按文件表述识别。" if cleared else "评判规则已保存。"
        attempt(lambda: set_target_rule(target, form.wording.data, actor=current_user), message)
    return redirect(url_for("tasks.task_detail", task_id=target.task_id, _anchor=f"target-{target.id}"), code=303)


@bp.route("/values/<int:value_id>/files", methods=["POST"])
@require_role("office", "liaison")
def upload(value_id: int):
    value = get_value_or_404(value_id)
    form = FileForm()
    if form.validate_or_flash():
        file = form.file.data
        attempt(
            lambda: upload_value_evidence(value, file.stream, file.filename, actor=current_user),
            lambda row: f"已上传“{row.filename}”。",
        )
    return _back(value.indicator_id)


@bp.route("/files/<int:file_id>")
@require_role(*BUSINESS_READERS)
def download(file_id: int):
    row = get_file_or_404(file_id)

    def open_source(mimetype: str):
        with write_lock(db.session):  # a GET that writes the audit log: take SQLite's write lock at once
            return record_file_download(row, actor=current_user, mimetype=mimetype)

    return send_stored(open_source, filename=row.filename, kind=row.kind, size=row.size)
