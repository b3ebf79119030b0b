"""Read-side queries of departments: the one department ordering, the lists and a lookup."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, or_, select

from supervision.accounts.models import DEPARTMENT_KIND_LABELS, Department, User, UserRole
from supervision.extensions import db


def department_order() -> tuple[ColumnElement, ...]:
    """The one ordering of department lists: by kind, then in the order of the source documents (id)."""
    return (Department.kind, Department.id)


def active_departments() -> list[Department]:
    """Departments that can be given tasks, in department order."""
    return list(db.session.scalars(select(Department).where(Department.active).order_by(*department_order())))


def departments_by_kind() -> dict[str, list[Department]]:
    """Every department (also the inactive ones) grouped under its kind's Chinese label, in department order."""
    groups: dict[str, list[Department]] = {}
    for department in db.session.scalars(select(Department).order_by(*department_order())):
        groups.setdefault(DEPARTMENT_KIND_LABELS.get(department.kind, department.kind), []).append(department)
    return groups


def get_department_or_404(department_id: int) -> Department:
    """The department, or a 404 response."""
    return db.get_or_404(Department, department_id)


def filtered_users(q: str = "", department_id: int | None = None, role: str = "") -> Select:
    """Accounts matching the search (user name or name, in part) and filters: active first, then by user name."""
    query = select(User).order_by(User.active.desc(), User.username)
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(User.username.ilike(pattern, escape="\\"), User.display_name.ilike(pattern, escape="\\"))
        )
    if department_id:
        query = query.where(User.department_id == department_id)
    if role:
        query = query.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    return query
