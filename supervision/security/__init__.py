"""Security: response headers, session limits, login limits, the secadmin's policy, virus scanning."""

from flask import Blueprint, Flask

bp = Blueprint("security", __name__, url_prefix="/security")

NAV_ITEMS = [  # (endpoint, label, roles), added to the main navigation
    ("users.index", "用户管理", ("sysadmin",)),
    ("security.policy", "安全策略", ("secadmin",)),
    ("security.lockouts", "账号锁定", ("secadmin",)),
]


def init_app(app: Flask) -> None:
    """Headers on every response, session limits on every request, the proxy in front (if any)."""
    # imported here, not at package import, so that supervision.security.clamav stays free of the app
    from supervision.security import downloads, headers, models, sessions, views  # noqa: F401
    from supervision.templating import NAV, NavItem

    headers.register(app)
    downloads.register(app)
    sessions.register(app)
    app.register_blueprint(bp)
    known = {item.endpoint for item in NAV}
    NAV.extend(NavItem(*item) for item in NAV_ITEMS if item[0] not in known)
