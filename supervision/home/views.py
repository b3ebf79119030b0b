"""The office home page (今日待办): what needs the office today, each with a link to where it is done."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from supervision.clock import today
from supervision.home.queries import office_today
from supervision.permissions import require_role

bp = Blueprint("home", __name__)


@bp.route("/home/office")
@require_role("office")
def office():
    return render_template("home/office.html", today=today(), **office_today(current_user, today()))
