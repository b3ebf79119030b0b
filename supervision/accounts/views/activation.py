"""The one-time activation link of a new account: the user sets the first password, then logs in."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from supervision.accounts.activation import EXPIRED, activate_account, find_activation
from supervision.accounts.forms import NewPasswordForm
from supervision.accounts.views import bp
from supervision.db import utcnow
from supervision.errors import DomainError
from supervision.extensions import db


@bp.route("/activate/<token>", methods=["GET", "POST"])
def activate(token: str):
    """Open to anyone holding a valid link (the token is the credential); it works once, for 72 hours."""
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    activation = find_activation(token, utcnow())
    if activation is None:
        return render_template("accounts/activate.html", form=None, error=EXPIRED), 410
    form = NewPasswordForm()
    error = None
    if form.validate_on_submit():
        try:
            user = activate_account(token, form.new.data, utcnow())
        except DomainError as refused:
            db.session.rollback()
            error = refused.message
        else:
            db.session.commit()
            flash(f"账号 {user.username} 已激活，请用新密码登录。", "success")
            return redirect(url_for("accounts.login"), code=303)
    return render_template("accounts/activate.html", form=form, error=error, user=activation.user)
