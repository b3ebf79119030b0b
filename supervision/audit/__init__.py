"""Audit log: an append-only, hash-chained record of changes and security events."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")

from supervision.audit import views  # noqa: E402,F401
