"""The application factory: the shell on top, which may import every domain."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask
from sqlalchemy import func

import supervision.accounts.views as account_views
import supervision.assessment.views as assessment_views
import supervision.reminders.views as reminder_views
from supervision import models  # noqa: F401  (registers every model with the metadata)
from supervision.accounts.loader import load_user
from supervision.accounts.views import auth as _auth_views  # noqa: F401  (routes on account_views.bp)
from supervision.accounts.views import settings as _settings_views  # noqa: F401
from supervision.accounts.views import users as user_views
from supervision.assessment.views import adjustments as _adjustment_views  # noqa: F401  (routes on assessment_views.bp)
from supervision.assessment.views import files as _file_views  # noqa: F401
from supervision.assessment.views import inputs as _input_views  # noqa: F401
from supervision.assessment.views import results as _result_views  # noqa: F401
from supervision.assessment.views import scheme as _scheme_views  # noqa: F401
from supervision.audit import views as audit_views
from supervision.cache import register_version_parts
from supervision.calendar.models import CalendarException
from supervision.config import ROOT, load_config
from supervision.core import views as core_views
from supervision.dashboards import views as dashboard_views
from supervision.db import configure_sqlite, register_request_intent
from supervision.evidence import views as evidence_views
from supervision.extensions import csrf, db, login_manager, migrate
from supervision.milestones import views as milestone_views
from supervision.milestones.models import Milestone
from supervision.plans import views as plan_views
from supervision.reminders.views import notices as _notice_views  # noqa: F401  (routes on reminder_views.bp)
from supervision.reminders.views import office as _office_views  # noqa: F401
from supervision.reports import views as report_views
from supervision.reports.models import Report
from supervision.reviews import views as review_views
from supervision.schedules import views as schedule_views
from supervision.security import setup as security_setup
from supervision.tasks import views as task_views
from supervision.tasks.models import Task
from supervision.work import views as work_views


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
    register_cache_versions(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    check_environment(app)
    return app


def configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def register_extensions(app: Flask) -> None:
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

    login_manager.user_loader(load_user)
    register_request_intent(app)


def register_blueprints(app: Flask) -> None:
    for blueprint in (
        core_views.bp,
        account_views.bp,
        user_views.bp,
        plan_views.bp,
        task_views.bp,
        audit_views.bp,
        milestone_views.bp,
        schedule_views.bp,
        work_views.bp,
        report_views.bp,
        review_views.bp,
        evidence_views.bp,
        reminder_views.bp,
        dashboard_views.bp,
        assessment_views.bp,
    ):
        app.register_blueprint(blueprint)


def register_security(app: Flask) -> None:
    security_setup.init_app(app)  # also audits every refused request (the error handlers' refusal hook)


def register_cache_versions(app: Flask) -> None:
    """The data the cached yearly figures read: a change to any of these starts a new data version."""
    register_version_parts(app, func.max(Report.updated_at))
    register_version_parts(app, func.max(Milestone.updated_at))
    register_version_parts(app, func.max(Task.updated_at))
    register_version_parts(app, func.max(CalendarException.id), func.count(CalendarException.id))


def register_error_handlers(app: Flask) -> None:
    from supervision.errors import register_error_handlers as register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from supervision.reminders import setup as reminder_setup
    from supervision.templating import register

    register(app)
    reminder_setup.init_app(app)  # the notification bell


def register_commands(app: Flask) -> None:
    from supervision.audit.cli import audit_cli
    from supervision.cli import register

    register(app)
    app.cli.add_command(audit_cli)


def check_environment(app: Flask) -> None:
    from supervision.pdf import warn_if_unsupported

    if not app.testing:
        warn_if_unsupported()
