"""Pages of 催办与通知: notifications, supervision notices, the reminder policy and the outbox."""

from flask import Blueprint

bp = Blueprint("reminders", __name__, url_prefix="/reminders")
