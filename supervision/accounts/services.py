"""Account operations: create, change and reset passwords, deactivate and reactivate, reset two-factor."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select

from supervision.accounts.models import ADMIN_ROLES, Department, DepartmentAlias, Role, User, UserRole
from supervision.accounts.passwords import check_password_policy, check_password_reuse, remember_password
from supervision.audit.services import record_event
from supervision.db import utcnow
from supervision.errors import DomainError, PermissionDenied
from supervision.extensions import db


def find_department(name: str) -> Department | None:
    """A department by its name or one of its aliases."""
    name = name.strip()
    dept = db.session.scalar(select(Department).where(Department.name == name))
    if dept is None:
        dept = db.session.scalar(select(Department).join(DepartmentAlias).where(DepartmentAlias.alias == name))
    return dept


def parse_roles(roles: list[str]) -> list[Role]:
    parsed = []
    for role in roles:
        try:
            parsed.append(Role(role.strip()))
        except ValueError:
            allowed = "、".join(r.value for r in Role)
            raise DomainError(f"未知角色“{role}”。可用角色：{allowed}。") from None
    if not parsed:
        raise DomainError("至少需要一个角色。")
    if set(parsed) & ADMIN_ROLES and len(set(parsed)) > 1:
        raise DomainError("三员分立：系统管理员、安全管理员、审计员账号只能各自单独持有该角色，不能兼任其他角色。")
    return parsed


def create_user(
    *,
    username: str,
    password: str,
    department_name: str,
    roles: list[str],
    display_name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    is_demo: bool = False,
    must_change_password: bool = True,
    actor: User | None = None,
) -> User:
    """Create an account; the department and every role must exist. The first login asks for a new password."""
    username = username.strip()
    if not username:
        raise DomainError("用户名不能为空。")
    if db.session.scalar(select(func.count()).select_from(User).where(User.username == username)):
        raise DomainError(f"用户名“{username}”已存在。")
    department = find_department(department_name)
    if department is None:
        raise DomainError(f"部门“{department_name}”不存在，请先导入或创建该部门。")
    parsed = parse_roles(roles)
    check_password_policy(password, username)
    user = User(
        username=username,
        display_name=display_name or username,
        department=department,
        email=email or None,
        phone=phone or None,
        is_demo=is_demo,
        session_token=secrets.token_hex(16),
        password_changed_at=utcnow(),
        must_change_password=must_change_password,
    )
    user.set_password(password)
    user.role_rows = [UserRole(role=r.value) for r in dict.fromkeys(parsed)]
    db.session.add(user)
    db.session.flush()
    remember_password(user)
    record_event(
        "user.create",
        object_type="user",
        object_id=user.id,
        after={"username": username, "department": department.name, "roles": sorted({r.value for r in parsed})},
        category="security",
        user=actor,
    )
    return user


def get_user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise DomainError(f"用户“{username}”不存在。")
    return user


def log_out(user: User) -> None:
    """Logging out ends every session of the user (an old cookie no longer works); audited."""
    record_event("auth.logout", object_type="user", object_id=user.id, category="security")
    end_sessions(user)


def end_sessions(user: User) -> None:
    """Every session of the user ends at its next request (the token is part of the login cookie)."""
    user.session_token = secrets.token_hex(16)


def set_password(user: User, password: str, actor: User | None = None) -> None:
    """Set a new password and end every session; set by someone else (or the CLI), it must be changed at login."""
    check_password_policy(password, user.username)
    check_password_reuse(user, password)
    user.set_password(password)
    user.password_changed_at = utcnow()
    user.must_change_password = actor is None or actor.id != user.id
    end_sessions(user)
    remember_password(user)
    action = "user.password" if not user.must_change_password else "user.password_reset"
    record_event(action, object_type="user", object_id=user.id, category="security", user=actor)


def change_own_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise DomainError("当前密码不正确。")
    set_password(user, new, actor=user)


def deactivate_user(user: User, actor: User | None = None) -> None:
    """Deactivate the account and end its sessions."""
    _set_active(user, False, actor)


def activate_user(user: User, actor: User | None = None) -> None:
    """Reactivate the account (its sessions ended when it was deactivated)."""
    _set_active(user, True, actor)


def _set_active(user: User, active: bool, actor: User | None) -> None:
    if user.active == active:
        raise DomainError("该账号已启用。" if active else "该账号已停用。")
    user.active = active
    if not active:
        end_sessions(user)
    record_event(
        "user.activate" if active else "user.deactivate",
        object_type="user",
        object_id=user.id,
        category="security",
        before={"active": not active},
        after={"active": active},
        user=actor,
    )


def require_web_managed(user: User) -> None:
    """The three administrator accounts (三员) are managed only on the server with `flask user ...`, so no
    administrator can make or take over another."""
    if user.has_role(*ADMIN_ROLES):
        raise PermissionDenied("三员账号只能在服务器上用 flask user 命令管理。")


def user_or_404(user_id: int) -> User:
    """The account with this id, or a 404 page."""
    return db.get_or_404(User, user_id)


def reset_two_factor(user: User, actor: User | None = None) -> None:
    """Forget the user's authenticator; the next login enrols a new one where two-factor applies."""
    user.totp_secret = None
    user.totp_last_step = None
    end_sessions(user)
    record_event("user.totp_reset", object_type="user", object_id=user.id, category="security", user=actor)
