"""Who hears of an outcome: the active users of the department concerned, never those of another."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from supervision.accounts.models import User, UserRole
from supervision.extensions import db


def staff_of(department_ids: Iterable[int], roles: tuple[str, ...] = ("liaison",)) -> list[User]:
    """The active users holding one of `roles` in these departments, each once, by id."""
    ids = sorted(set(department_ids))
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(User)
            .where(User.active, User.department_id.in_(ids))
            .where(User.id.in_(select(UserRole.user_id).where(UserRole.role.in_(roles))))
            .order_by(User.id)
        )
    )


def with_user(users: list[User], extra: User | None, department_ids: Iterable[int]) -> list[User]:
    """`users` plus `extra` (the liaison who submitted) when active and of a department concerned."""
    if extra is None or not extra.active or extra.department_id not in set(department_ids):
        return users
    if any(user.id == extra.id for user in users):
        return users
    return sorted([*users, extra], key=lambda user: user.id)
