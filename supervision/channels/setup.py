"""Wiring the channels into the app: the outbox asks this domain for a department's robots and gateways."""

from flask import Flask

from supervision.channels.lookup import department_destinations
from supervision.hooks import add_hook
from supervision.reminders.delivery.channel import DESTINATIONS


def init_app(app: Flask) -> None:
    add_hook(app, DESTINATIONS, department_destinations)
