"""Review actions on a report."""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from supervision.actions import attempt, back_to_milestone
from supervision.permissions import require_role
from supervision.reports.services import get_report_or_404
from supervision.reviews.forms import ReviewForm
from supervision.reviews.services import head_review, office_review

bp = Blueprint("reviews", __name__)


@bp.route("/reports/<int:report_id>/review", methods=["POST"])
@require_role("office", "dept_head")
def review(report_id: int):
    report = get_report_or_404(report_id)
    form = ReviewForm()
    if not form.validate_or_flash():
        return back_to_milestone(report.milestone_id)
    outcome, comment = form.outcome.data, form.comment.data
    if form.stage.data == "dept_head":
        attempt(
            lambda: head_review(report, outcome, comment, actor=current_user),
            "已审核通过，报送至办公室。" if form.approving else "已退回。",
        )
    else:
        attempt(
            lambda: office_review(report, outcome, comment, actor=current_user),
            "审核通过。" if form.approving else "已退回，意见已发送给牵头部门。",
        )
    return back_to_milestone(report.milestone_id)
