"""Home page and health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from supervision.extensions import db
from supervision.hooks import hooks_for
from supervision.pdf import pdf_support

bp = Blueprint("core", __name__)


@bp.route("/")
@login_required
def index():
    """Each role lands where its daily work is."""
    if current_user.has_role("liaison", "dept_head"):
        return redirect(url_for("work.workbench"))
    if current_user.has_role("office"):
        return redirect(url_for("home.office"))
    if current_user.has_role("leader"):
        return redirect(url_for("dashboards.index"))
    return render_template("core/index.html")


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as error:  # any failure means unreachable for the probe
        db.session.rollback()
        database = f"error: {type(error).__name__}"
    finally:
        db.session.remove()
    support = pdf_support()
    healthy = database == "ok"
    body = {
        "status": "ok" if healthy else "unavailable",
        "database": database,
        "pdf": {"cjk_font": support["cjk_font"], "harfbuzz_subset": support["harfbuzz_subset"]},
    }
    for report in hooks_for("health"):  # e.g. the evidence store (backend and status); informative only
        body.update(report())
    return jsonify(body), 200 if healthy else 503
