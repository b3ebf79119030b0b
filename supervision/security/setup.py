"""Wiring security into the app: headers on every response, session limits, audited downloads and
refusals, its pages."""

from flask import Flask

from supervision.security import downloads, headers, refusals, sessions
from supervision.security.views import bp
from supervision.templating import NAV, SYSTEM, NavItem

NAV_ITEMS = [  # (endpoint, label, roles, group), added to the main navigation
    ("users.index", "用户管理", ("sysadmin",), SYSTEM),
    ("security.policy", "安全策略", ("secadmin",), SYSTEM),
    ("security.lockouts", "账号锁定", ("secadmin",), SYSTEM),
]


def init_app(app: Flask) -> None:
    """Headers on every response, session limits on every request, the proxy in front (if any)."""
    headers.register(app)
    downloads.register(app)
    refusals.register(app)
    sessions.register(app)
    app.register_blueprint(bp)
    known = {item.endpoint for item in NAV}
    NAV.extend(NavItem(*item) for item in NAV_ITEMS if item[0] not in known)
