"""The display names of the users an audit page shows (the log keeps the login name of the time)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from supervision.accounts.models import User
from supervision.extensions import db


def display_names(user_ids: Iterable[int | None]) -> dict[int, str]:
    """user id -> display name, in one query."""
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids)))
    return {user_id: name for user_id, name in rows}


def actor_name(event, names: dict[int, str]) -> str:
    """Who acted: the display name, else the login name recorded, else 系统 (a job)."""
    return names.get(event.user_id) or event.username or "系统"
