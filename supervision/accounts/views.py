"""Login, logout and password change."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from supervision.accounts import bp
from supervision.accounts.forms import ChangePasswordForm, LoginForm
from supervision.accounts.services import authenticate, change_own_password
from supervision.audit.services import record_event
from supervision.errors import DomainError
from supervision.extensions import db


def safe_next(target: str | None) -> str:
    """Only a path inside this site; anything else lands on the home page."""
    home = url_for("core.index")
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return home
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        db.session.commit()
        if user is not None:
            session.clear()  # a new session at login
            login_user(user, remember=False)
            return redirect(safe_next(request.args.get("next")), code=303)
        error = "用户名或密码错误，或账号已停用。"
    elif request.method == "POST":
        error = "请填写用户名和密码。"
    return render_template("accounts/login.html", form=form, error=error)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    record_event("auth.logout", object_type="user", object_id=current_user.id, category="security")
    db.session.commit()
    logout_user()
    session.clear()
    flash("您已安全退出。", "info")
    return redirect(url_for("accounts.login"), code=303)


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
            login_user(current_user, remember=False)  # keep this session, others end
            flash("密码已修改。", "success")
            return redirect(url_for("core.index"), code=303)
    return render_template("accounts/password.html", form=form)
