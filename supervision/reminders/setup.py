"""Wiring reminders into the app: the notification bell in the navigation."""

from flask import Flask

from supervision.reminders.notifications import bell_count
from supervision.templating import register_bell


def init_app(app: Flask) -> None:
    """The bell shows each business user's unread notifications."""
    register_bell(app, bell_count)
