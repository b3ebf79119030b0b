"""The office's 催办 by hand (select, preview, send) and its decisions on held 督办通知单."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from supervision.actions import attempt
from supervision.clock import today
from supervision.errors import DomainError
from supervision.permissions import require_role
from supervision.reminders.flood import LiaisonPresence, approve_held, waiting_groups
from supervision.reminders.manual import listed_items, parse_selection, plan_manual, selected_items, send_manual
from supervision.reminders.views import bp
from supervision.validation import parse_id

MAX_ROWS = 300  # the table lists the earliest due; a unit's whole list is one choice away


def _units(items) -> list[tuple[int, str]]:
    return sorted({(i.department.id, i.department.name) for i in items}, key=lambda pair: pair[1])


@bp.route("/manual")
@require_role("office")
def manual():
    day = today()
    everything = listed_items(day)
    unit = parse_id(request.args.get("department"))
    items = [i for i in everything if i.department.id == unit] if unit else everything
    return render_template(
        "reminders/manual.html", items=items[:MAX_ROWS], total=len(items), units=_units(everything), unit=unit, day=day
    )


def _selection():
    values, unit = request.form.getlist("item"), request.form.get("department") or None
    keys, unit_id = parse_selection(values, unit)
    return values, unit, selected_items(today(), keys, unit_id)


@bp.route("/manual/preview", methods=["POST"])
@require_role("office")
def manual_preview():
    try:
        values, unit, items = _selection()
    except DomainError as error:
        flash(error.message, "danger")
        return redirect(url_for(".manual"), code=303)
    plan = plan_manual(items, today())
    return render_template("reminders/manual_preview.html", plan=plan, values=values, unit=unit)


@bp.route("/manual/send", methods=["POST"])
@require_role("office")
def manual_send():
    def send():
        return send_manual(_selection()[2], today(), actor=current_user)

    def done(plan) -> str:
        count = len(plan.sendable)
        skipped = len(plan.recipients) - count
        extra = f"；{skipped} 人今日已收到办公室催办，未重复发送" if skipped else ""
        return f"已向 {count} 位联络员发送催办{extra}。邮件由发送任务在一分钟内发出，可在发送记录中查看。"

    attempt(send, done)
    return redirect(url_for(".manual"), code=303)


@bp.route("/held")
@require_role("office")
def held():
    groups = waiting_groups(LiaisonPresence())
    ready_count = sum(len(g.held) for g in groups if g.has_liaison)
    return render_template("reminders/held.html", groups=groups, ready_count=ready_count)


@bp.route("/held/approve", methods=["POST"])
@require_role("office")
def approve():
    everything = request.form.get("scope") == "all"
    unit = None if everything else parse_id(request.form.get("department"))
    if not everything and unit is None:
        flash("请选择要确认的单位。", "danger")
        return redirect(url_for(".held"), code=303)
    attempt(
        lambda: approve_held(unit, actor=current_user, today=today()),
        lambda notices: f"已发出 {len(notices)} 份督办通知单，并通知了相关部门负责人。",
    )
    return redirect(url_for(".held"), code=303)
