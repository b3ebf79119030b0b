"""Wiring reminders into the app: the notification bell in the navigation."""

from flask import Flask

from supervision.accounts.activation import ACTIVATION_MAIL
from supervision.hooks import add_hook
from supervision.reminders.activation_mail import queue_activation_mail
from supervision.reminders.notifications import bell_count
from supervision.templating import register_bell


def init_app(app: Flask) -> None:
    """The bell shows each business user's unread notifications."""
    register_bell(app, bell_count)
    add_hook(app, ACTIVATION_MAIL, queue_activation_mail)  # new accounts' activation links go by the outbox
