"""Pages of accounts: login, the authenticator step, the user's own settings."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/auth")
