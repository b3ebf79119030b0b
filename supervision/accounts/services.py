"""Account operations: create, authenticate, change passwords, deactivate."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select

from supervision.accounts.models import Department, DepartmentAlias, Role, User, UserRole
from supervision.accounts.passwords import check_password_policy
from supervision.audit.services import record_event
from supervision.db import utcnow
from supervision.errors import DomainError
from supervision.extensions import db

# Checked against when the username is unknown, so a failed login takes the same time either way.
_DUMMY_HASH = None


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
    actor: User | None = None,
) -> User:
    """Create an account; the department and every role must exist."""
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
    )
    user.set_password(password)
    user.role_rows = [UserRole(role=r.value) for r in parsed]
    db.session.add(user)
    db.session.flush()
    record_event(
        "user.create",
        object_type="user",
        object_id=user.id,
        after={"username": username, "department": department.name, "roles": sorted(r.value for r in parsed)},
        category="security",
        user=actor,
    )
    return user


def get_user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise DomainError(f"用户“{username}”不存在。")
    return user


def set_password(user: User, password: str, actor: User | None = None) -> None:
    """Set a new password and end every existing session of the user."""
    check_password_policy(password, user.username)
    user.set_password(password)
    user.password_changed_at = utcnow()
    user.session_token = secrets.token_hex(16)
    record_event("user.password", object_type="user", object_id=user.id, category="security", user=actor)


def change_own_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise DomainError("当前密码不正确。")
    if current == new:
        raise DomainError("新密码不能与当前密码相同。")
    set_password(user, new, actor=user)


def deactivate_user(user: User, actor: User | None = None) -> None:
    user.active = False
    user.session_token = secrets.token_hex(16)
    record_event(
        "user.deactivate",
        object_type="user",
        object_id=user.id,
        category="security",
        before={"active": True},
        after={"active": False},
        user=actor,
    )


def authenticate(username: str, password: str) -> User | None:
    """The user when the credentials are right and the account active; None otherwise."""
    global _DUMMY_HASH
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        if _DUMMY_HASH is None:
            probe = User(username="-", password_hash="")
            probe.set_password(secrets.token_hex(8))
            _DUMMY_HASH = probe.password_hash
        User(password_hash=_DUMMY_HASH).check_password(password)
        record_event("auth.login", result="failure", category="security", detail=f"username={username[:64]}")
        return None
    if not user.check_password(password) or not user.active:
        record_event(
            "auth.login",
            object_type="user",
            object_id=user.id,
            result="failure",
            category="security",
            detail=f"username={user.username}",
        )
        return None
    record_event("auth.login", object_type="user", object_id=user.id, category="security", user=user)
    return user
