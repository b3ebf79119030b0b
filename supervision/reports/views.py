"""Report, contribution and review actions (all POST; the milestone page shows the forms)."""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

from supervision.actions import attempt, back_to_milestone
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.permissions import require_role
from supervision.reports.services import save_contribution, save_report, submit_report

bp = Blueprint("reports", __name__)


def _int(name: str, default: int | None = None) -> int | None:
    value = request.form.get(name, "").strip()
    try:
        return int(value)
    except ValueError:
        return default


@bp.route("/milestones/<int:milestone_id>/report", methods=["POST"])
@require_role("liaison")
def save(milestone_id: int):
    milestone = db.get_or_404(Milestone, milestone_id)
    percent = _int("completion_percent", -1)
    data = {
        "progress": request.form.get("progress", ""),
        "problems": request.form.get("problems", ""),
        "next_steps": request.form.get("next_steps", ""),
        "completion_percent": percent,
        "task_status": request.form.get("task_status", ""),
        "targets": {int(k[7:]): v for k, v in request.form.items() if k.startswith("target_") and k[7:].isdigit()},
        "included_contributions": [int(v) for v in request.form.getlist("include") if v.isdigit()],
    }
    version = _int("version")

    def action():
        report = save_report(milestone, data, expected_version=version, actor=current_user)
        if request.form.get("action") == "submit":
            submit_report(report, expected_version=report.version, actor=current_user)

    attempt(action, "已报送。" if request.form.get("action") == "submit" else "草稿已保存。")
    return back_to_milestone(milestone.id)


@bp.route("/milestones/<int:milestone_id>/contribution", methods=["POST"])
@require_role("liaison")
def contribution(milestone_id: int):
    milestone = db.get_or_404(Milestone, milestone_id)
    submit = request.form.get("action") == "submit"
    attempt(
        lambda: save_contribution(
            milestone, request.form.get("text", ""), submit=submit, expected_version=_int("version"), actor=current_user
        ),
        "配合情况已提交。" if submit else "配合情况已保存。",
    )
    return back_to_milestone(milestone.id)
