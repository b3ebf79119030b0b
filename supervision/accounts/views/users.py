"""Account management for the system administrator (sysadmin): list, create, deactivate, reset.

Only accounts with business roles are managed here; the three administrator accounts (三员) are created
and reset on the server with `flask user ...`, so no administrator can make or take over another.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from supervision.accounts.forms import UserForm
from supervision.accounts.models import ADMIN_ROLES, BUSINESS_ROLES, ROLE_LABELS, Department, Role, User
from supervision.accounts.passwords import temporary_password
from supervision.accounts.queries import active_departments, departments_by_kind, filtered_users
from supervision.accounts.services import (
    activate_user,
    create_user,
    deactivate_user,
    require_web_managed,
    reset_two_factor,
    set_password,
    user_or_404,
)
from supervision.actions import attempt
from supervision.extensions import db
from supervision.listing import parse_page
from supervision.permissions import require_role
from supervision.validation import check_choice, parse_id

bp = Blueprint("users", __name__, url_prefix="/admin/users")
PER_PAGE = 50


def managed_user(user_id: int) -> User:
    user = user_or_404(user_id)
    require_web_managed(user)
    return user


def _form() -> UserForm:
    form = UserForm()
    form.department.choices = [(d.id, d.name) for d in active_departments()]
    form.roles.choices = [(r.value, ROLE_LABELS[r]) for r in Role if r in BUSINESS_ROLES]
    return form


@bp.route("/")
@require_role("sysadmin")
def index():
    q = request.args.get("q", "").strip()[:64]
    department = parse_id(request.args.get("department"))
    role = check_choice(request.args.get("role", ""), ["", *(r.value for r in Role)], "角色")
    page = db.paginate(filtered_users(q, department, role), page=parse_page(), per_page=PER_PAGE, error_out=False)
    return render_template(
        "accounts/admin/index.html",
        page=page,
        users=page.items,
        admin_roles=ADMIN_ROLES,
        q=q,
        department=department,
        role=role,
        groups=departments_by_kind(),
        roles=[(r.value, ROLE_LABELS[r]) for r in Role],
    )


@bp.route("/new", methods=["GET", "POST"])
@require_role("sysadmin")
def create():
    form = _form()
    if form.validate_on_submit():
        password = temporary_password()
        department = db.session.get(Department, form.department.data)
        created = attempt(
            lambda: create_user(
                username=form.username.data,
                password=password,
                department_name=department.name if department else "",
                roles=form.roles.data,
                display_name=form.display_name.data,
                email=form.email.data,
                phone=form.phone.data,
                actor=current_user,
            ),
            lambda user: f"已创建用户 {user.username}，初始密码：{password}（请线下告知本人，首次登录须修改）",
        )
        if created:
            return redirect(url_for("users.index"), code=303)
    return render_template("accounts/admin/new.html", form=form)


@bp.route("/<int:user_id>/deactivate", methods=["POST"])
@require_role("sysadmin")
def deactivate(user_id: int):
    user = managed_user(user_id)
    attempt(lambda: deactivate_user(user, actor=current_user), f"已停用 {user.username}，其会话已全部结束。")
    return redirect(url_for("users.index"), code=303)


@bp.route("/<int:user_id>/activate", methods=["POST"])
@require_role("sysadmin")
def activate(user_id: int):
    user = managed_user(user_id)
    attempt(lambda: activate_user(user, actor=current_user), f"已启用 {user.username}。")
    return redirect(url_for("users.index"), code=303)


@bp.route("/<int:user_id>/reset-password", methods=["POST"])
@require_role("sysadmin")
def reset_password(user_id: int):
    user = managed_user(user_id)
    password = temporary_password()
    attempt(
        lambda: set_password(user, password, actor=current_user),
        f"已重置 {user.username} 的密码：{password}（请线下告知本人，登录后须修改）",
    )
    return redirect(url_for("users.index"), code=303)


@bp.route("/<int:user_id>/reset-two-factor", methods=["POST"])
@require_role("sysadmin")
def reset_totp(user_id: int):
    user = managed_user(user_id)
    attempt(lambda: reset_two_factor(user, actor=current_user), f"已重置 {user.username} 的双因素验证器。")
    flash("该用户下次登录时需重新绑定验证器。", "info")
    return redirect(url_for("users.index"), code=303)
