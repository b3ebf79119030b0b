"""健康杭州任务督办系统: the application factory."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask

from supervision.config import ROOT, load_config
from supervision.extensions import csrf, db, login_manager, migrate


def create_app(overrides: dict | None = None) -> Flask:
    instance_path = Path(os.environ.get("SUPERVISION_INSTANCE", ROOT / "instance")).resolve()
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(load_config(instance_path, overrides))
    configure_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_security(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    check_environment(app)
    return app


def configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def register_extensions(app: Flask) -> None:
    from supervision.db import configure_sqlite

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), compare_type=True, render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "请先登录。"
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "basic"
    with app.app_context():
        configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])

    from supervision import models  # noqa: F401  (registers every model with the metadata)
    from supervision.accounts.loader import load_user

    login_manager.user_loader(load_user)
    register_write_intent(app)


def register_write_intent(app: Flask) -> None:
    from flask import g, request

    from supervision.db import write_intent

    @app.before_request
    def _declare_intent():
        g.write_intent_token = write_intent.set(request.method not in ("GET", "HEAD", "OPTIONS"))

    @app.teardown_request
    def _reset_intent(_error):
        token = g.pop("write_intent_token", None)
        if token is not None:
            write_intent.reset(token)


def register_blueprints(app: Flask) -> None:
    from supervision.accounts import admin_bp as users_bp
    from supervision.accounts import bp as accounts_bp
    from supervision.audit import bp as audit_bp
    from supervision.core import bp as core_bp
    from supervision.plans import bp as plans_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(users_bp)
    app.register_blueprint(plans_bp)
    app.register_blueprint(audit_bp)
    from supervision.evidence.views import bp as evidence_bp
    from supervision.milestones import admin as _milestone_admin  # noqa: F401  (routes on milestones_bp)
    from supervision.milestones.views import bp as milestones_bp
    from supervision.reports.views import bp as reports_bp

    app.register_blueprint(milestones_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(evidence_bp)
    from supervision.assessment.views import bp as assessment_bp
    from supervision.reminders.views import bp as reminders_bp

    app.register_blueprint(reminders_bp)
    from supervision.dashboards.views import bp as dashboards_bp

    app.register_blueprint(dashboards_bp)
    app.register_blueprint(assessment_bp)


def register_security(app: Flask) -> None:
    from supervision import security

    security.init_app(app)


def register_error_handlers(app: Flask) -> None:
    from supervision.errors import register_error_handlers as register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from supervision.templating import register

    register(app)


def register_commands(app: Flask) -> None:
    from supervision.accounts import cli as _accounts_cli  # noqa: F401  (adds `user reset-2fa`)
    from supervision.audit.cli import audit_cli
    from supervision.cli import register

    register(app)
    app.cli.add_command(audit_cli)


def check_environment(app: Flask) -> None:
    from supervision.pdf import warn_if_unsupported

    if not app.testing:
        warn_if_unsupported()
