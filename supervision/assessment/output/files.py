"""Scorecard PDFs kept for download: rendered again only when the data they show have changed."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import select

from supervision.assessment.models import Assessment, AssessmentRound, ScorecardFile
from supervision.assessment.output.batch import render_many
from supervision.assessment.output.scorecards import assessments_of, card_filename, scorecard_context, summary_context
from supervision.assessment.scoring.inputs import digest
from supervision.db import utcnow
from supervision.extensions import db
from supervision.pdf import render_pdf

CARD, SUMMARY = "pdf/scorecard.html", "pdf/summary.html"


def _key(assessment: Assessment | None) -> str:
    return "summary" if assessment is None else f"dept-{assessment.department_id}"


def _stored(year: int) -> dict[str, ScorecardFile]:
    return {f.key: f for f in db.session.scalars(select(ScorecardFile).where(ScorecardFile.year == year))}


def _keep(year: int, key: str, department_id: int | None, context_digest: str, pdf: bytes, stored: dict) -> None:
    row = stored.get(key) or ScorecardFile(year=year, key=key, department_id=department_id)
    row.digest, row.pdf, row.size, row.rendered_at = context_digest, pdf, len(pdf), utcnow()
    db.session.add(row)
    stored[key] = row


def scorecard_pdf(assessment: Assessment, round_: AssessmentRound) -> bytes:
    """One department's scorecard: the kept file when current, else rendered now and kept."""
    context = scorecard_context(assessment, round_)
    return _one(round_.year, _key(assessment), assessment.department_id, CARD, {"card": context})


def summary_pdf(round_: AssessmentRound) -> bytes:
    context = summary_context(round_, assessments_of(round_.year))
    return _one(round_.year, "summary", None, SUMMARY, {"summary": context})


def _one(year: int, key: str, department_id: int | None, template: str, context: dict) -> bytes:
    stored = _stored(year)
    context_digest = digest([template, context])
    row = stored.get(key)
    if row is not None and row.digest == context_digest:
        return row.pdf
    pdf = render_pdf(template, **context)
    _keep(year, key, department_id, context_digest, pdf, stored)
    db.session.flush()
    return pdf


def all_pdfs(round_: AssessmentRound, department_id: int | None = None, workers: int | None = None) -> dict[str, bytes]:
    """File name → PDF for every rated department (or one) and, for all, summary.pdf; stale ones rendered in a pool."""
    assessments = assessments_of(round_.year)
    chosen = [a for a in assessments if a.rated and (department_id is None or a.department_id == department_id)]
    wanted = [(a, CARD, {"card": scorecard_context(a, round_)}) for a in chosen]
    if department_id is None:
        # the longest document first, so that it does not finish alone at the end of the batch
        wanted.insert(0, (None, SUMMARY, {"summary": summary_context(round_, assessments)}))
    stored = _stored(round_.year)
    digests = [digest([template, context]) for _a, template, context in wanted]
    stale = [i for i, (a, _t, _c) in enumerate(wanted) if getattr(stored.get(_key(a)), "digest", None) != digests[i]]
    rendered = render_many([(wanted[i][1], wanted[i][2]) for i in stale], workers=workers)
    for i, pdf in zip(stale, rendered, strict=True):
        a = wanted[i][0]
        _keep(round_.year, _key(a), a.department_id if a else None, digests[i], pdf, stored)
    db.session.flush()
    return {(card_filename(a.department.name) if a else "summary.pdf"): stored[_key(a)].pdf for a, _t, _c in wanted}


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:  # PDFs are compressed already
        for name, pdf in files.items():
            archive.writestr(name, pdf)
    return buffer.getvalue()
