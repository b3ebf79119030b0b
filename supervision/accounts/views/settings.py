"""A logged-in user's own settings: change the password, switch the optional second factor on or off."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user

from supervision.accounts.forms import ChangePasswordForm, CodeForm
from supervision.accounts.services import change_own_password
from supervision.accounts.totp import (
    disable_totp,
    enrol_totp,
    new_secret,
    provisioning_uri,
    qr_data_uri,
    two_factor_required,
)
from supervision.accounts.views import bp
from supervision.db import utcnow
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.security.services import current_policy
from supervision.security.sessions import start_session

SETUP_SECRET = "totp_setup"


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_own_password(current_user, form.current.data, form.new.data)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            session.clear()  # this session continues with the new token; every other one ends
            login_user(current_user, remember=False)
            start_session()
            flash("密码已修改。", "success")
            return redirect(url_for("core.index"), code=303)
    return render_template("accounts/password.html", form=form)


def _attempt(action, success: str) -> bool:
    try:
        action()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return False
    db.session.commit()
    flash(success, "success")
    return True


@bp.route("/two-factor", methods=["GET", "POST"])
@login_required
def two_factor_settings():
    """Enrol an authenticator (optional for most roles) or switch it off where it is not required."""
    user = current_user._get_current_object()
    required = two_factor_required(user, current_policy())
    form = CodeForm()
    if user.totp_secret is None and SETUP_SECRET not in session:
        session[SETUP_SECRET] = new_secret()
    secret = session.get(SETUP_SECRET) if user.totp_secret is None else None
    if form.validate_on_submit():
        if request.form.get("action") == "disable":
            done = _attempt(
                lambda: disable_totp(user, form.code.data, current_policy(), utcnow()), "已关闭双因素登录。"
            )
        else:
            done = _attempt(lambda: enrol_totp(user, secret, form.code.data, utcnow()), "已启用双因素登录。")
        if done:
            session.pop(SETUP_SECRET, None)
            return redirect(url_for("accounts.two_factor_settings"), code=303)
    qr = qr_data_uri(provisioning_uri(user, secret)) if secret else None
    return render_template(
        "accounts/two_factor_settings.html", form=form, required=required, secret=secret, qr=qr, user=user
    )
