"""The office's pages on the reminders blueprint: the reminder policy and the outbox (sending records)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from supervision.actions import attempt
from supervision.db import utcnow
from supervision.extensions import db
from supervision.permissions import require_role
from supervision.reminders.forms import PolicyForm
from supervision.reminders.models import CHANNEL_LABELS, KIND_LABELS, STATUS_LABELS, OutboxMessage
from supervision.reminders.monitor import VIEWS, is_stuck, outbox_counts, outbox_messages, retry_message
from supervision.reminders.outbox import max_attempts
from supervision.reminders.policy import current_policy, update_policy
from supervision.reminders.views import bp
from supervision.scheduler.runs import last_runs


@bp.route("/policy", methods=["GET", "POST"])
@require_role("office")
def policy():
    current = current_policy()
    form = PolicyForm(obj=current)
    if form.validate_on_submit():
        data = {name: value for name, value in form.data.items() if name != "csrf_token"}
        if attempt(lambda: update_policy(data, actor=current_user), "催办规则已保存。"):
            return redirect(url_for(".policy"), code=303)
    elif request.method == "POST":
        flash("请检查填写的内容。", "danger")
    return render_template("reminders/policy.html", form=form, policy=current)


@bp.route("/outbox")
@require_role("office")
def outbox():
    view = request.args.get("view", "attention")
    view = view if view in VIEWS else "attention"
    now = utcnow()
    return render_template(
        "reminders/outbox.html",
        view=view,
        views=VIEWS,
        counts=outbox_counts(now),
        messages=outbox_messages(view, now),
        is_stuck=lambda m: is_stuck(m, now),
        runs=last_runs(),
        max_attempts=max_attempts(),
        kind_labels=KIND_LABELS,
        channel_labels=CHANNEL_LABELS,
        status_labels=STATUS_LABELS,
    )


@bp.route("/outbox/<int:message_id>/retry", methods=["POST"])
@require_role("office")
def retry(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    attempt(
        lambda: retry_message(message, actor=current_user, now=utcnow()),
        "已重新排队，发送任务将在一分钟内发送。",
    )
    return redirect(url_for(".outbox", view=request.form.get("view", "attention")), code=303)
