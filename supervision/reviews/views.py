"""Review actions on a report."""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

from supervision.actions import attempt, back_to_milestone
from supervision.extensions import db
from supervision.permissions import require_role
from supervision.reports.models import Report
from supervision.reviews.services import head_review, office_review

bp = Blueprint("reviews", __name__)


@bp.route("/reports/<int:report_id>/review", methods=["POST"])
@require_role("office", "dept_head")
def review(report_id: int):
    report = db.get_or_404(Report, report_id)
    outcome = request.form.get("outcome", "")
    comment = request.form.get("comment", "")
    stage = request.form.get("stage", "office")
    if stage == "dept_head":
        attempt(
            lambda: head_review(report, outcome, comment, actor=current_user),
            "已审核通过，报送至办公室。" if outcome == "approved" else "已退回。",
        )
    else:
        attempt(
            lambda: office_review(report, outcome, comment, actor=current_user),
            "审核通过。" if outcome == "approved" else "已退回，意见已发送给牵头部门。",
        )
    return back_to_milestone(report.milestone_id)
