"""Downloads: one scorecard, the summary, a zip of all (kept files, rendered again only when stale)."""

from __future__ import annotations

from io import BytesIO

from flask import abort, send_file
from flask_login import current_user

from supervision.assessment.access import READERS, require_result_access
from supervision.assessment.models import Assessment
from supervision.assessment.output.files import all_pdfs, scorecard_pdf, summary_pdf, zip_of
from supervision.assessment.scoring.services import assessment_for, round_for
from supervision.assessment.views import bp
from supervision.db import write_lock
from supervision.extensions import db
from supervision.permissions import require_role


def send_download(payload: bytes, name: str, mimetype: str):
    response = send_file(BytesIO(payload), mimetype=mimetype, as_attachment=True, download_name=name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/<int:year>/departments/<int:department_id>/scorecard.pdf")
@require_role(*READERS)
def scorecard(year: int, department_id: int):
    round_ = round_for(year)
    require_result_access(current_user, department_id, round_)
    assessment = assessment_for(year, department_id)
    if round_ is None or assessment is None or not assessment.rated:
        abort(404)
    with write_lock(db.session):  # the rendered file is kept for the next download
        round_, assessment = round_for(year), db.session.get(Assessment, assessment.id)
        pdf = scorecard_pdf(assessment, round_)
        name = assessment.department.name
    return send_download(pdf, f"{year}年度考核评分表-{name}.pdf", "application/pdf")


@bp.route("/<int:year>/summary.pdf")
@require_role("office", "leader")
def summary(year: int):
    if round_for(year) is None:
        abort(404)
    with write_lock(db.session):
        pdf = summary_pdf(round_for(year))
    return send_download(pdf, f"{year}年度考核结果汇总.pdf", "application/pdf")


@bp.route("/<int:year>/scorecards.zip")
@require_role("office", "leader")
def scorecards_zip(year: int):
    if round_for(year) is None:
        abort(404)
    with write_lock(db.session):
        files = all_pdfs(round_for(year))
    return send_download(zip_of(files), f"{year}年度考核评分表.zip", "application/zip")
