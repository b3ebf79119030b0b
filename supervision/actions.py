"""One way for form views to run a service: commit on success, roll back and flash the reason otherwise."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, url_for

from supervision.errors import DomainError, PermissionDenied
from supervision.extensions import db


def attempt(action: Callable[[], object], success: str | Callable[[object], str]) -> bool:
    """Run `action`; a refused permission stays a 403, any other refusal is flashed in Chinese."""
    try:
        result = action()
    except PermissionDenied:
        raise
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return False
    db.session.commit()
    flash(success(result) if callable(success) else success, "success")
    return True


def back_to_milestone(milestone_id: int):
    return redirect(url_for("work.milestone_detail", milestone_id=milestone_id), code=303)
