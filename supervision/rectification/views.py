"""整改 pages: the ledger (整改台账) and its export, opening an item, answering it, accepting or returning it."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from supervision.accounts.queries import active_departments, get_department_or_404
from supervision.actions import attempt
from supervision.clock import today
from supervision.errors import DomainError
from supervision.evidence.attached import send_attached
from supervision.extensions import db
from supervision.listing import excel_response, wants_excel
from supervision.permissions import BUSINESS_READERS, require_role
from supervision.rectification.forms import AnswerForm, DecisionForm, OpenForm
from supervision.rectification.models import SOURCE_LABELS, STATE_LABELS
from supervision.rectification.queries import HEADERS, LedgerFilters, is_overdue, ledger, ledger_cells
from supervision.rectification.services import (
    answer_rectification,
    decide_rectification,
    file_for_download,
    get_rectification_for,
    open_rectification,
)
from supervision.rectification.sources import resolve_source
from supervision.templating import cn_date
from supervision.validation import parse_id, parse_year

bp = Blueprint("rectification", __name__, url_prefix="/rectification")


@bp.route("/")
@require_role(*BUSINESS_READERS)
def index():
    args = request.args
    filters = LedgerFilters.of(
        parse_id(args.get("department")), args.get("state"), args.get("source"), parse_year(args.get("year"))
    )
    items = ledger(current_user, filters)
    day = today()
    if wants_excel():
        return excel_response("整改台账", HEADERS, ledger_cells(items, day), "整改台账")
    return render_template(
        "rectification/index.html",
        items=items,
        filters=filters,
        overdue={item.id for item in items if is_overdue(item, day)},
        departments=active_departments() if current_user.has_role("office", "leader") else [],
        states=STATE_LABELS,
        sources=SOURCE_LABELS,
    )


@bp.route("/new")
@require_role("office")
def new():
    form = OpenForm(formdata=request.args)
    source = None
    if form.source_kind.data in SOURCE_LABELS and form.source_id.data:
        source = attempt_source(form.source_kind.data, form.source_id.data)
    return render_template(
        "rectification/new.html", form=form, source=source, departments=active_departments(), sources=SOURCE_LABELS
    )


def attempt_source(kind: str, source_id: int):
    """The source named in the link, or None when it cannot be found (the form then says so on submit)."""
    try:
        return resolve_source(kind, source_id)
    except DomainError:  # a stale link only loses its prefilled source
        db.session.rollback()
        return None


@bp.route("/new", methods=["POST"])
@require_role("office")
def create():
    form = OpenForm()
    if not form.validate_or_flash():
        return redirect(url_for(".new"), code=303)
    department = get_department_or_404(form.department_id.data) if form.department_id.data else None
    opened = attempt(
        lambda: open_rectification(
            department,
            form.requirement.data,
            form.working_days.data,
            source_kind=form.source_kind.data,
            source_id=form.source_id.data,
            source_label=form.source_label.data,
            today=today(),
            actor=current_user,
        ),
        lambda item: f"已发起整改 {item.code}，整改期限 {cn_date(item.deadline)}。",
    )
    if not opened:
        query = {k: v for k, v in request.form.items() if k in ("source_kind", "source_id", "source_label")}
        return redirect(url_for(".new", **query), code=303)
    return redirect(url_for(".index"), code=303)


@bp.route("/<int:item_id>")
@require_role(*BUSINESS_READERS)
def detail(item_id: int):
    item = get_rectification_for(current_user, item_id)
    return render_template(
        "rectification/detail.html",
        item=item,
        overdue=is_overdue(item, today()),
        answer_form=AnswerForm(),
        decision_form=DecisionForm(),
    )


@bp.route("/<int:item_id>/answer", methods=["POST"])
@require_role("liaison")
def answer(item_id: int):
    item = get_rectification_for(current_user, item_id)
    form = AnswerForm()
    if form.validate_or_flash():
        files = [(f.stream, f.filename) for f in request.files.getlist("files") if f and f.filename]
        attempt(
            lambda: answer_rectification(item, form.text.data, files, today=today(), actor=current_user),
            "整改情况已报送，等待办公室验收。",
        )
    return redirect(url_for(".detail", item_id=item_id), code=303)


@bp.route("/<int:item_id>/decide", methods=["POST"])
@require_role("office")
def decide(item_id: int):
    item = get_rectification_for(current_user, item_id)
    form = DecisionForm()
    if form.validate_or_flash():
        outcome = form.outcome.data
        attempt(
            lambda: decide_rectification(item, outcome, form.comment.data, today=today(), actor=current_user),
            "已验收销号。" if outcome == "accept" else "已退回，责任单位将重新报送整改情况。",
        )
    return redirect(url_for(".detail", item_id=item_id), code=303)


@bp.route("/files/<int:file_id>")
@require_role(*BUSINESS_READERS)
def download(file_id: int):
    return send_attached(lambda: file_for_download(current_user, file_id))
