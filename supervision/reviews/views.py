"""Review actions on a report, and the review inbox (审核工作台) of the office and the department heads."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from supervision.actions import attempt, back_to_milestone
from supervision.cache import cached
from supervision.forms import parse_int
from supervision.listing import RowPage, parse_page
from supervision.permissions import require_role, task_role
from supervision.reports.services import get_report_or_404
from supervision.reviews import queries
from supervision.reviews.forms import BatchReviewForm, ReviewForm
from supervision.reviews.queries import LATENESS, STAGES, InboxFilters
from supervision.reviews.services import head_review, office_review, review_batch, reviews_for

bp = Blueprint("reviews", __name__)
STAGE_TITLES = {"office": "办公室审核", "dept_head": "部门负责人审核"}
FILTER_ARGS = ("stage", "plan", "department", "year", "lateness")
PER_PAGE = 50


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
    if request.form.get("back") == "inbox":
        return redirect(url_for(".inbox", stage=form.stage.data), code=303)
    return back_to_milestone(report.milestone_id)


def _filter_choices(stage: str) -> dict:
    """The filter lists: a pass over every waiting report, so kept until a report, milestone or task changes."""
    scope = current_user.department_id if stage == "dept_head" else None
    return cached(("review_filters", stage, scope), lambda: queries.filter_choices(stage, current_user))


def _filters() -> InboxFilters:
    lateness = request.args.get("lateness", "")
    return InboxFilters(
        plan_id=parse_int(request.args.get("plan")),
        department_id=parse_int(request.args.get("department")),
        year=parse_int(request.args.get("year")),
        lateness=lateness if lateness in LATENESS else "",
    )


@bp.route("/reviews/")
@require_role("office", "dept_head")
def inbox():
    stage = queries.stage_for(current_user, request.args.get("stage", ""))
    filters = _filters()
    total = queries.inbox_total(stage, current_user, filters)
    page = min(parse_page(), max(1, -(-total // PER_PAGE)))  # a page past the end shows the last
    rows = RowPage(queries.inbox_page(stage, current_user, filters, page, PER_PAGE), page, PER_PAGE, total)
    query = urlencode([(k, v) for k, v in request.args.items() if k in FILTER_ARGS and v])
    return render_template(
        "reviews/inbox.html",
        stage=stage,
        stages=[s for s in STAGES if current_user.has_role(s)],
        stage_titles=STAGE_TITLES,
        filters=filters,
        choices=_filter_choices(stage),
        lateness=LATENESS,
        rows=rows,
        query=query,
    )


@bp.route("/reviews/batch", methods=["POST"])
@require_role("office", "dept_head")
def batch():
    form = BatchReviewForm()
    stage = queries.stage_for(current_user, form.stage.data)
    back = urlencode([(k, v) for k, v in parse_qsl(request.form.get("query", "")) if k in FILTER_ARGS])
    target = url_for(".inbox") + (f"?{back}" if back else "")
    if not form.validate_or_flash():
        return redirect(target, code=303)
    found = queries.reports_by_id(form.selected.data)
    reports = [found[i] for i in form.selected.data if i in found]
    outcome = form.outcome.data
    comments = {r.id: form.comment.data for r in reports}
    if outcome == "returned":
        comments = {r.id: form.returns.data.get(r.id, "") for r in reports}
    verb = "审核通过" if outcome == "approved" else "退回"
    attempt(
        lambda: review_batch(reports, outcome, comments, stage=stage, actor=current_user),
        lambda count: f"已{verb} {count} 份报告。",
    )
    return redirect(target, code=303)


@bp.route("/reviews/reports/<int:report_id>")
@require_role("office", "dept_head")
def compare(report_id: int):
    """A waiting report beside the same task's report of the previous period."""
    report = get_report_or_404(report_id)
    stage = queries.stage_for(current_user, request.args.get("stage", ""))
    if not current_user.has_role("office") and task_role(current_user, report.milestone.task) != "lead":
        abort(404)
    previous_milestone, previous = queries.previous_report(report)
    return render_template(
        "reviews/compare.html",
        report=report,
        milestone=report.milestone,
        task=report.milestone.task,
        previous_milestone=previous_milestone,
        previous=previous,
        reviews=reviews_for(report),
        stage=stage,
        waiting=report.status == STAGES[stage],
    )
