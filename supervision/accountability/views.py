"""约谈/问责 pages: the list, recording one (with its links and minutes), one record, its files."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from supervision.accountability.forms import FilesForm, RecordForm
from supervision.accountability.models import KIND_LABELS
from supervision.accountability.services import (
    add_minutes,
    file_for_download,
    get_record_for,
    linkable,
    readable_records,
    record_case,
)
from supervision.accounts.queries import active_departments, get_department_or_404
from supervision.actions import attempt
from supervision.clock import today
from supervision.evidence.attached import send_attached
from supervision.permissions import BUSINESS_READERS, require_role
from supervision.validation import parse_id

bp = Blueprint("accountability", __name__, url_prefix="/accountability")


def _files() -> list:
    return [(f.stream, f.filename) for f in request.files.getlist("files") if f and f.filename]


@bp.route("/")
@require_role(*BUSINESS_READERS)
def index():
    return render_template("accountability/index.html", records=readable_records(current_user))


@bp.route("/new")
@require_role("office")
def new():
    department_id = parse_id(request.args.get("department"))
    department = get_department_or_404(department_id) if department_id else None
    tasks, notices = linkable(department) if department else ([], [])
    return render_template(
        "accountability/new.html",
        form=RecordForm(formdata=None),
        department=department,
        departments=active_departments(),
        tasks=tasks,
        notices=notices,
        kinds=KIND_LABELS,
        today=today(),
    )


@bp.route("/new", methods=["POST"])
@require_role("office")
def create():
    form = RecordForm()
    if not form.validate_or_flash():
        return redirect(url_for(".new"), code=303)
    department = get_department_or_404(form.department_id.data) if form.department_id.data else None
    data = {
        name: form[name].data for name in ("kind", "held_on", "people", "reason", "outcome", "task_ids", "notice_ids")
    }
    files = _files()
    saved = attempt(
        lambda: record_case(department, data, files, today=today(), actor=current_user),
        lambda record: f"已登记{record.kind_label}记录。",
    )
    if not saved:
        return redirect(url_for(".new", department=form.department_id.data or ""), code=303)
    return redirect(url_for(".index"), code=303)


@bp.route("/<int:record_id>")
@require_role(*BUSINESS_READERS)
def detail(record_id: int):
    record = get_record_for(current_user, record_id)
    return render_template("accountability/detail.html", record=record, files_form=FilesForm())


@bp.route("/<int:record_id>/files", methods=["POST"])
@require_role("office")
def upload(record_id: int):
    record = get_record_for(current_user, record_id)
    if FilesForm().validate_or_flash():
        files = _files()
        attempt(lambda: add_minutes(record, files, actor=current_user), "文件已上传。")
    return redirect(url_for(".detail", record_id=record_id), code=303)


@bp.route("/files/<int:file_id>")
@require_role(*BUSINESS_READERS)
def download(file_id: int):
    return send_attached(lambda: file_for_download(current_user, file_id))
