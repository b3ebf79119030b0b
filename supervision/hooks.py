"""Start-up hooks: how a domain plugs into a shared module that must not import it.

The app factory calls each domain's registration once per app; the shared module then calls the hooks
of the current app (kept in `app.extensions`, so every app built by the tests starts with its own).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app

_KEY = "supervision.hooks"


def add_hook(app: Flask, point: str, hook: Any) -> None:
    """Register `hook` at the named extension point of `app` (hooks run in registration order)."""
    app.extensions.setdefault(_KEY, {}).setdefault(point, []).append(hook)


def hooks_for(point: str) -> list[Any]:
    """The hooks registered at `point` for the current app."""
    return current_app.extensions.get(_KEY, {}).get(point, [])


def run_hooks(point: str, *args: Any) -> None:
    for hook in hooks_for(point):
        hook(*args)
