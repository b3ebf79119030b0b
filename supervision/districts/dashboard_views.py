"""The district dashboard (区县看板) of the city office and leaders, and its summary PDF."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, render_template, send_file

from supervision.cache import cached
from supervision.clock import selected_year, today
from supervision.config import ROOT
from supervision.districts.dashboard import chart_rows, district_figures
from supervision.milestones.lights import LIGHT_LABELS, LIGHTS
from supervision.pdf import render_pdf
from supervision.permissions import require_role

bp = Blueprint("district_dashboard", __name__)
READERS = ("office", "leader")


def _figures():
    year, now = selected_year(), today()
    return year, now, cached(("district-dashboard", year, now), lambda: district_figures(year, now))


@bp.route("/districts/dashboard")
@require_role(*READERS)
def index():
    year, now, rows = _figures()
    return render_template(
        "districts/dashboard.html",
        rows=rows,
        **chart_rows(rows),
        year=year,
        today=now,
        lights=LIGHTS,
        labels=LIGHT_LABELS,
    )


@bp.route("/districts/dashboard.pdf")
@require_role(*READERS)
def summary_pdf():
    year, now, rows = _figures()
    pdf = render_pdf(
        "pdf/district_summary.html",
        stylesheet=(ROOT / "static" / "pdf" / "notice.css").read_text(encoding="utf-8"),
        rows=rows,
        **chart_rows(rows),
        year=year,
        today=now,
        lights=LIGHTS,
        labels=LIGHT_LABELS,
    )
    response = send_file(
        BytesIO(pdf), mimetype="application/pdf", as_attachment=True, download_name=f"区县督办情况汇总_{year}.pdf"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
