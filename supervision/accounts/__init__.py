from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/auth")

from supervision.accounts import views  # noqa: E402,F401
