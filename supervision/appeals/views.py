"""复核 pages: filing an objection, the office's answer, 公示 of the results, and 终审 on first read."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from supervision.accounts.queries import get_department_or_404
from supervision.actions import attempt
from supervision.appeals.forms import AppealForm, DecisionForm, PublicityForm
from supervision.appeals.services import (
    appeals_for,
    decide_appeal,
    file_appeal,
    file_for_download,
    get_appeal_for,
    settle_year,
    targets_of,
    window_open,
)
from supervision.assessment.output.files import summary_pdf
from supervision.assessment.output.scorecards import assessments_of, summary_context
from supervision.assessment.publishing.services import objection_deadline, set_publicity
from supervision.assessment.scoring.services import current_config, round_for
from supervision.clock import selected_year, today
from supervision.db import write_lock
from supervision.errors import DomainError, PermissionDenied
from supervision.evidence.attached import send_attached
from supervision.extensions import db
from supervision.permissions import BUSINESS_READERS, require_role

bp = Blueprint("appeals", __name__, url_prefix="/appeals")
PARTIES = ("office", "leader", "liaison", "dept_head")


def _settled_round(year: int):
    """The year's round, made final first when its window closed (终审 on first read after the window)."""
    with write_lock(db.session):
        settle_year(year, today())
    return round_for(year)


def _in_publicity(round_) -> bool:
    day = today()
    return bool(round_ and round_.publicity_from and round_.publicity_from <= day <= round_.publicity_to)


def _require_publicity(round_) -> None:
    """Departments see the results only during the 公示 period the office set."""
    if current_user.has_role("office", "leader") or _in_publicity(round_):
        return
    if round_.publicity_from is None:
        raise PermissionDenied(f"{round_.year} 年度考核结果尚未公示。")
    span = f"{round_.publicity_from.isoformat()} 至 {round_.publicity_to.isoformat()}"
    raise PermissionDenied(f"不在公示期内：{round_.year} 年度考核结果的公示期为 {span}。")


@bp.route("/")
@require_role(*PARTIES)
def index():
    year = selected_year(-1)
    round_ = _settled_round(year)
    own = current_user.department_id if current_user.has_role("liaison", "dept_head") else None
    return render_template(
        "appeals/index.html",
        year=year,
        round=round_,
        deadline=objection_deadline(round_) if round_ else None,
        can_file=own is not None and window_open(round_, today()),
        targets=targets_of(year, own) if own else [],
        appeals=appeals_for(current_user, year),
        in_publicity=_in_publicity(round_),
        form=AppealForm(),
        publicity_form=PublicityForm(),
    )


@bp.route("/<int:year>/file", methods=["POST"])
@require_role("liaison", "dept_head")
def file(year: int):
    form = AppealForm()
    if form.validate_or_flash():
        department = get_department_or_404(current_user.department_id)
        files = [(f.stream, f.filename) for f in request.files.getlist("files") if f and f.filename]
        attempt(
            lambda: file_appeal(
                year, department, form.target.data, form.text.data, files, today=today(), actor=current_user
            ),
            "复核申请已提交，等待办公室答复。",
        )
    return redirect(url_for(".index", year=year), code=303)


def _adjustment_choices(config: dict) -> list[tuple[str, str]]:
    sections = [("bonus", "加分", config["bonus"]["items"]), ("deduction", "扣分", config["deductions"]["items"])]
    return [
        (f"{kind}:{key}", f"{word}·{item['label']}")
        for kind, word, items in sections
        for key, item in items.items()
        if item["manual"]
    ]


@bp.route("/<int:appeal_id>")
@require_role(*PARTIES)
def detail(appeal_id: int):
    appeal = get_appeal_for(current_user, appeal_id)
    config = current_config(appeal.year)
    levels = {k: v for item in config["bonus"]["items"].values() for k, v in item.get("levels", {}).items()}
    return render_template(
        "appeals/detail.html",
        appeal=appeal,
        round=round_for(appeal.year),
        choices=_adjustment_choices(config),
        levels=levels,
        form=DecisionForm(),
    )


@bp.route("/<int:appeal_id>/decide", methods=["POST"])
@require_role("office")
def decide(appeal_id: int):
    appeal = get_appeal_for(current_user, appeal_id)
    form = DecisionForm()
    if form.validate_or_flash():
        outcome = form.outcome.data
        attempt(
            lambda: decide_appeal(appeal, outcome, form.reply.data, _adjustment(appeal, form), actor=current_user),
            "已维持原考核结果并答复申请单位。" if outcome == "upheld" else "已调整考核结果，总分和排名已重新计算。",
        )
    return redirect(url_for(".detail", appeal_id=appeal_id), code=303)


def _adjustment(appeal, form: DecisionForm) -> dict | None:
    if form.outcome.data != "adjusted" or not form.adjustment.data:
        return None
    if form.adjustment.data not in dict(_adjustment_choices(current_config(appeal.year))):
        raise DomainError("请选择评分细则中的加分或扣分事项。")
    kind, _, item = form.adjustment.data.partition(":")
    return {"kind": kind, "item": item, "level": form.level.data, "count": form.count.data}


@bp.route("/<int:year>/publicity", methods=["POST"])
@require_role("office")
def publicity(year: int):
    form = PublicityForm()
    round_ = round_for(year)
    if round_ is None:
        abort(404)
    if form.validate_or_flash():
        start, end = form.start.data, form.end.data
        attempt(
            lambda: set_publicity(round_, start, end, actor=current_user) if start and end else _refuse(),
            lambda _: f"已设置公示期：{start.isoformat()} 至 {end.isoformat()}。",
        )
    return redirect(url_for(".index", year=year), code=303)


def _refuse():
    raise DomainError("请填写有效的公示开始和结束日期。")


@bp.route("/<int:year>/publicity")
@require_role(*BUSINESS_READERS)
def publicity_page(year: int):
    round_ = round_for(year)
    if round_ is None or not round_.published:
        abort(404)
    _require_publicity(round_)
    return render_template(
        "appeals/publicity.html", year=year, round=round_, summary=summary_context(round_, assessments_of(year))
    )


@bp.route("/<int:year>/publicity/summary.pdf")
@require_role(*BUSINESS_READERS)
def publicity_pdf(year: int):
    round_ = round_for(year)
    if round_ is None or not round_.published:
        abort(404)
    _require_publicity(round_)
    with write_lock(db.session):
        pdf = summary_pdf(round_)
    name = f"{year}年度考核结果公示.pdf"
    response = send_file(BytesIO(pdf), mimetype="application/pdf", as_attachment=True, download_name=name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/files/<int:file_id>")
@require_role(*PARTIES)
def download(file_id: int):
    return send_attached(lambda: file_for_download(current_user, file_id))
