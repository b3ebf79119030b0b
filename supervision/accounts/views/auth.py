"""Login in steps (password, second factor, forced password change) and logout."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, logout_user

from supervision.accounts import pending
from supervision.accounts.authentication import GENERIC_FAILURE, authenticate, verify_second_factor
from supervision.accounts.forms import CodeForm, LoginForm, NewPasswordForm
from supervision.accounts.services import log_out, set_password
from supervision.accounts.totp import enrol_totp, new_secret, provisioning_uri, qr_data_uri
from supervision.accounts.views import bp
from supervision.db import utcnow
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.security.ratelimit import ip_blocked

safe_next = pending.safe_next
RATE_LIMITED = "登录失败次数过多，请稍后再试。"


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = LoginForm()
    error, status = None, 200
    if form.validate_on_submit():
        if ip_blocked(request.remote_addr, utcnow()):
            db.session.commit()
            error, status = RATE_LIMITED, 429
        else:
            user = authenticate(form.username.data, form.password.data, utcnow())
            db.session.commit()
            if user is not None:
                pending.begin(user, request.args.get("next"))
                return pending.advance(user)
            error = GENERIC_FAILURE
    elif request.method == "POST":
        error = "请填写用户名和密码。"
    return render_template("accounts/login.html", form=form, error=error), status


def _restart(message: str = "登录步骤已失效，请重新登录。"):
    session.pop(pending.PENDING, None)
    flash(message, "warning")
    return redirect(url_for("accounts.login"), code=303)


@bp.route("/login/two-factor", methods=["GET", "POST"])
def two_factor():
    """The second step: a code from the authenticator app, or enrolling one at the first login."""
    user = pending.pending_user()
    if user is None:
        return _restart()
    form = CodeForm()
    enrolling = user.totp_secret is None
    if enrolling and "secret" not in session[pending.PENDING]:
        pending.update(secret=new_secret())
    secret = session[pending.PENDING].get("secret")
    if form.validate_on_submit():
        if ip_blocked(request.remote_addr, utcnow()):
            db.session.commit()
            return _restart(RATE_LIMITED)
        if enrolling:
            try:
                enrol_totp(user, secret, form.code.data, utcnow())
            except DomainError as error:
                db.session.rollback()
                flash(error.message, "danger")
            else:
                db.session.commit()
                pending.update(totp=True, secret=None)
                return pending.advance(user)
        elif verify_second_factor(user, form.code.data, utcnow()):
            db.session.commit()
            pending.update(totp=True)
            return pending.advance(user)
        else:
            db.session.commit()
            if pending.pending_user() is None:  # that failure locked the account
                return _restart(GENERIC_FAILURE)
            flash("动态验证码不正确或已使用，请输入验证器中的最新验证码。", "danger")
    uri = provisioning_uri(user, secret) if enrolling else None
    return render_template(
        "accounts/two_factor.html", form=form, enrolling=enrolling, secret=secret, qr=uri and qr_data_uri(uri)
    )


@bp.route("/login/new-password", methods=["GET", "POST"])
def renew_password():
    """The last step when the password was set by an administrator or has expired."""
    user = pending.pending_user()
    if user is None:
        return _restart()
    if not session[pending.PENDING].get("totp") and pending.needs_second_factor(user):
        return pending.advance(user)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            set_password(user, form.new.data, actor=user)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            pending.update(token=user.session_token)
            flash("密码已更新。", "success")
            return pending.advance(user)
    return render_template("accounts/renew_password.html", form=form, expired=not user.must_change_password)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End this session and every other session of the user (an old cookie no longer works)."""
    user = current_user._get_current_object()
    log_out(user)
    db.session.commit()
    logout_user()
    session.clear()
    flash("您已安全退出。", "info")
    return redirect(url_for("accounts.login"), code=303)
