"""Pages of the security administrator (secadmin): the security policy and account lockouts."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from supervision.accounts.services import user_or_404
from supervision.actions import attempt
from supervision.db import utcnow
from supervision.permissions import require_role
from supervision.security.forms import PolicyForm
from supervision.security.models import POLICY_FIELDS
from supervision.security.services import current_policy, locked_users, unlock_user, update_policy

bp = Blueprint("security", __name__, url_prefix="/security")


@bp.route("/policy", methods=["GET", "POST"])
@require_role("secadmin")
def policy():
    current = current_policy()
    form = PolicyForm(obj=current)
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in (*POLICY_FIELDS, "require_2fa_for_all")}
        if attempt(lambda: update_policy(values, actor=current_user, now=utcnow()), "安全策略已保存。"):
            return redirect(url_for("security.policy"), code=303)
    return render_template("security/policy.html", form=form, fields=list(POLICY_FIELDS), policy=current)


@bp.route("/lockouts")
@require_role("secadmin")
def lockouts():
    return render_template("security/lockouts.html", users=locked_users(utcnow()))


@bp.route("/lockouts/<int:user_id>/unlock", methods=["POST"])
@require_role("secadmin")
def unlock(user_id: int):
    user = user_or_404(user_id)
    attempt(lambda: unlock_user(user, actor=current_user, now=utcnow()), f"已解除 {user.username} 的锁定。")
    return redirect(url_for("security.lockouts"), code=303)
