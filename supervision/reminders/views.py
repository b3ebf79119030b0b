"""Pages of 催办与通知."""

from flask import Blueprint

bp = Blueprint("reminders", __name__, url_prefix="/reminders")
