from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/auth")
# account management by the system administrator (sysadmin)
admin_bp = Blueprint("users", __name__, url_prefix="/admin/users")

from supervision.accounts import admin, settings, views  # noqa: E402,F401
