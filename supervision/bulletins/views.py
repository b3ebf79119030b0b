"""The 通报 pages: the list (the office drafts there), a bulletin's sections and excerpts, issuing, the files."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, redirect, render_template, send_file, url_for
from flask_login import current_user

from supervision.actions import attempt
from supervision.bulletins import queries, services
from supervision.bulletins.document import SECTIONS, render_files
from supervision.bulletins.forms import ActionForm, DraftForm, ExcerptForm, TextsForm
from supervision.bulletins.models import PERIOD_LABELS
from supervision.clock import today
from supervision.errors import NotFound, PermissionDenied
from supervision.extensions import db
from supervision.listing import parse_page
from supervision.permissions import BUSINESS_READERS, require_role

bp = Blueprint("bulletins", __name__, url_prefix="/bulletins")

MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _back(bulletin_id: int):
    return redirect(url_for("bulletins.detail", bulletin_id=bulletin_id), code=303)


@bp.route("/")
@require_role(*BUSINESS_READERS)
def index():
    page = db.paginate(queries.readable_bulletins(current_user), page=parse_page(), per_page=50, error_out=False)
    year, quarter = services.last_ended_quarter(today())
    draft = DraftForm(year=str(year), quarter=str(quarter), month=str(today().month))
    return render_template("bulletins/index.html", page=page, form=draft, kinds=PERIOD_LABELS)


@bp.route("/", methods=["POST"])
@require_role("office")
def draft():
    form = DraftForm()
    if not form.validate_or_flash():
        return redirect(url_for(".index"), code=303)
    period = form.month.data if form.kind.data == "month" else form.quarter.data
    created = []

    def run():
        bulletin = services.draft_bulletin(form.kind.data, form.year.data, period, today(), actor=current_user)
        created.append(bulletin.id)
        return bulletin

    if attempt(run, lambda b: f"已起草{b.period_label}通报，请逐节修改后印发。"):
        return _back(created[0])
    return redirect(url_for(".index"), code=303)


@bp.route("/<int:bulletin_id>")
@require_role(*BUSINESS_READERS)
def detail(bulletin_id: int):
    bulletin = queries.readable_bulletin_or_404(current_user, bulletin_id)
    editing = not bulletin.issued and queries.reads_every_bulletin(current_user)
    return render_template(
        "bulletins/detail.html",
        bulletin=bulletin,
        doc=queries.bulletin_document(bulletin) if editing else None,
        texts=TextsForm(data=bulletin.texts),
        sections=SECTIONS,
        candidates=queries.candidate_reports(bulletin) if editing else [],
        chosen={e.report_id for e in bulletin.excerpts},
        action=ActionForm(),
        editing=editing,
    )


@bp.route("/<int:bulletin_id>/texts", methods=["POST"])
@require_role("office")
def save_texts(bulletin_id: int):
    bulletin = queries.readable_bulletin_or_404(current_user, bulletin_id)
    form = TextsForm()
    if form.validate_or_flash():
        attempt(lambda: services.save_texts(bulletin, form.data, actor=current_user), "通报内容已保存。")
    return _back(bulletin.id)


@bp.route("/<int:bulletin_id>/excerpts", methods=["POST"])
@require_role("office")
def add_excerpt(bulletin_id: int):
    bulletin = queries.readable_bulletin_or_404(current_user, bulletin_id)
    form = ExcerptForm()
    if form.validate_or_flash():
        report = next((r for r in queries.candidate_reports(bulletin) if r.id == form.report_id.data), None)
        if report is None:
            raise NotFound("该报告不存在或不属于本期。")
        attempt(
            lambda: services.add_excerpt(bulletin, report, form.text.data, actor=current_user), "已选录为好的做法。"
        )
    return _back(bulletin.id)


@bp.route("/<int:bulletin_id>/excerpts/<int:excerpt_id>/delete", methods=["POST"])
@require_role("office")
def remove_excerpt(bulletin_id: int, excerpt_id: int):
    bulletin = queries.readable_bulletin_or_404(current_user, bulletin_id)
    if ActionForm().validate_or_flash():
        attempt(lambda: services.remove_excerpt(bulletin, excerpt_id, actor=current_user), "已移除该摘录。")
    return _back(bulletin.id)


@bp.route("/<int:bulletin_id>/issue", methods=["POST"])
@require_role("office")
def issue(bulletin_id: int):
    bulletin = queries.readable_bulletin_or_404(current_user, bulletin_id)
    if ActionForm().validate_or_flash():
        attempt(
            lambda: services.issue_bulletin(bulletin, today(), actor=current_user),
            lambda queued: f"已印发{bulletin.code}，已通知 {len(queued.letters)} 人。",
        )
    return _back(bulletin.id)


@bp.route("/<int:bulletin_id>/bulletin.<any(pdf, docx):fmt>")
@require_role(*BUSINESS_READERS)
def download(bulletin_id: int, fmt: str):
    """An issued bulletin's stored file; the office may also download a draft, rendered as it reads now."""
    bulletin = queries.readable_bulletin_or_404(current_user, bulletin_id)
    if bulletin.issued:
        content = queries.stored_file(bulletin, fmt)
    elif queries.reads_every_bulletin(current_user):
        pdf, docx = render_files(queries.bulletin_document(bulletin))
        content = pdf if fmt == "pdf" else docx
    else:
        raise PermissionDenied("该通报尚未印发。")
    if content is None:
        raise NotFound("通报文件不存在。")
    name = f"{bulletin.code if bulletin.issued else '通报草稿'}_{bulletin.period_label}.{fmt}"
    response = send_file(BytesIO(content), mimetype=MIMETYPES[fmt], as_attachment=True, download_name=name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
