"""Who receives reminders: active users by department and role."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from supervision.accounts.models import User, UserRole
from supervision.extensions import db


class Recipients:
    """Active liaisons and department heads by department, and the office users, loaded once per run."""

    def __init__(self) -> None:
        rows = db.session.execute(
            select(User, UserRole.role)
            .join(UserRole, UserRole.user_id == User.id)
            .where(User.active, UserRole.role.in_(("liaison", "dept_head", "office")))
            .order_by(User.id)
        )
        self.liaisons: dict[int, list[User]] = defaultdict(list)
        self.heads: dict[int, list[User]] = defaultdict(list)
        self.office: list[User] = []
        for user, role in rows:
            if role == "liaison":
                self.liaisons[user.department_id].append(user)
            elif role == "dept_head":
                self.heads[user.department_id].append(user)
            else:
                self.office.append(user)

    def department_staff(self, department_id: int) -> list[User]:
        """Liaisons and heads of a department (the weekly digest), each once."""
        return _unique(self.liaisons[department_id] + self.heads[department_id])

    def escalation(self, department_id: int) -> list[User]:
        """The department heads and the office."""
        return _unique(self.heads[department_id] + self.office)


def _unique(users: list[User]) -> list[User]:
    seen: dict[int, User] = {}
    for user in users:
        seen.setdefault(user.id, user)
    return list(seen.values())
