"""The dashboard (office and departments) and the cockpit (leaders): charts rendered as SVG on the server."""

from __future__ import annotations

from flask import Blueprint, render_template

from supervision.cache import cached
from supervision.clock import selected_year, today
from supervision.dashboards.queries import figures
from supervision.milestones.lights import LIGHT_LABELS, LIGHTS
from supervision.permissions import BUSINESS_READERS, require_role

bp = Blueprint("dashboards", __name__, url_prefix="/dashboard")


@bp.route("/")
@require_role(*BUSINESS_READERS)
def index():
    year, now = selected_year(), today()
    f = cached(("dashboard", year, now), lambda: figures(year, now))
    return render_template("dashboards/index.html", f=f, year=year, lights=LIGHTS, labels=LIGHT_LABELS)
