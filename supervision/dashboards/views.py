"""The dashboard (office and departments) and the cockpit (leaders): charts rendered as SVG on the server."""

from __future__ import annotations

from flask import Blueprint, render_template

from supervision.dashboards.queries import LIGHTS, figures
from supervision.milestones.services import LIGHT_LABELS
from supervision.milestones.views import selected_year, today
from supervision.permissions import BUSINESS_READERS, require_role

bp = Blueprint("dashboards", __name__, url_prefix="/dashboard")


@bp.route("/")
@require_role(*BUSINESS_READERS)
def index():
    year = selected_year()
    return render_template(
        "dashboards/index.html", f=figures(year, today()), year=year, lights=LIGHTS, labels=LIGHT_LABELS
    )
