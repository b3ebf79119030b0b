"""The application factory: the shell on top, which may import every domain."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask
from sqlalchemy import func

import supervision.accountability.setup as accountability_setup
import supervision.accountability.views as accountability_views
import supervision.accounts.views as account_views
import supervision.api.setup as api_setup
import supervision.assessment.views as assessment_views
import supervision.reminders.views as reminder_views
from supervision import models  # noqa: F401  (registers every model with the metadata)
from supervision.accounts.loader import load_user
from supervision.accounts.views import activation as _activation_views  # noqa: F401
from supervision.accounts.views import auth as _auth_views  # noqa: F401  (routes on account_views.bp)
from supervision.accounts.views import imports as _import_views  # noqa: F401  (routes on user_views.bp)
from supervision.accounts.views import settings as _settings_views  # noqa: F401
from supervision.accounts.views import users as user_views
from supervision.api import docs as api_doc_views
from supervision.api import pages as api_token_views
from supervision.api.views import catalogue as _api_catalogue_views  # noqa: F401  (routes on the API blueprint)
from supervision.api.views import evidence as _api_evidence_views  # noqa: F401
from supervision.api.views import indicators as _api_indicator_views  # noqa: F401
from supervision.api.views import reports as _api_report_views  # noqa: F401
from supervision.api.views import results as _api_result_views  # noqa: F401
from supervision.appeals import setup as appeals_setup
from supervision.appeals import views as appeals_views
from supervision.assessment.views import adjustments as _adjustment_views  # noqa: F401  (routes on assessment_views.bp)
from supervision.assessment.views import files as _file_views  # noqa: F401
from supervision.assessment.views import inputs as _input_views  # noqa: F401
from supervision.assessment.views import results as _result_views  # noqa: F401
from supervision.assessment.views import scheme as _scheme_views  # noqa: F401
from supervision.audit import views as audit_views
from supervision.bulletins import views as bulletin_views
from supervision.cache import register_version_parts
from supervision.calendar.models import CalendarException
from supervision.channels import setup as channel_setup
from supervision.channels import views as channel_views
from supervision.config import ROOT, load_config
from supervision.core import views as core_views
from supervision.dashboards import views as dashboard_views
from supervision.db import configure_sqlite, register_request_intent
from supervision.districts import dashboard_views as district_dashboard_views
from supervision.districts import local_views as district_local_views
from supervision.districts import scope as district_scope
from supervision.districts import views as district_views
from supervision.evaluations import setup as evaluation_setup
from supervision.evaluations import views as evaluation_views
from supervision.evidence import views as evidence_views
from supervision.evidence.jobs import remove_stale_uploads_at_start
from supervision.extensions import csrf, db, login_manager, migrate
from supervision.home import views as home_views
from supervision.indicators import setup as indicator_setup
from supervision.indicators import views as indicator_views
from supervision.milestones import views as milestone_views
from supervision.milestones.models import Milestone
from supervision.observability import views as observability_views
from supervision.plans import views as plan_views
from supervision.rectification import setup as rectification_setup
from supervision.rectification import views as rectification_views
from supervision.reminders.views import manual as _manual_views  # noqa: F401
from supervision.reminders.views import notices as _notice_views  # noqa: F401  (routes on reminder_views.bp)
from supervision.reminders.views import office as _office_views  # noqa: F401
from supervision.reports import views as report_views
from supervision.reports.models import Report
from supervision.reviews import views as review_views
from supervision.schedules import views as schedule_views
from supervision.security import setup as security_setup
from supervision.tasks import views as task_views
from supervision.tasks.models import Task
from supervision.validation import init_app as init_validation
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
    register_observability(app)
    remove_stale_uploads_at_start(app)  # temporary files of uploads killed mid-write
    check_environment(app)
    return app


def configure_logging(app: Flask) -> None:
    from supervision.observability.context import configure_json_logging

    if app.debug or app.testing:
        return
    if app.config["LOG_FORMAT"] == "json":
        configure_json_logging()  # one JSON object a line, with the request id
    else:
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
    init_validation(app)  # the <int:...> converter (before any route), request and flush guards


def register_blueprints(app: Flask) -> None:
    for blueprint in (
        core_views.bp,
        account_views.bp,
        user_views.bp,
        plan_views.bp,
        evaluation_views.bp,
        bulletin_views.bp,
        indicator_views.bp,
        task_views.bp,
        audit_views.bp,
        milestone_views.bp,
        schedule_views.bp,
        work_views.bp,
        report_views.bp,
        review_views.bp,
        home_views.bp,
        evidence_views.bp,
        reminder_views.bp,
        channel_views.bp,
        dashboard_views.bp,
        assessment_views.bp,
        rectification_views.bp,
        appeals_views.bp,
        accountability_views.bp,
        district_views.bp,
        district_local_views.bp,
        district_dashboard_views.bp,
        api_token_views.bp,
        api_doc_views.bp,
        observability_views.bp,
    ):
        app.register_blueprint(blueprint)
    api_setup.init_app(app)  # the /api/v1 blueprint, through flask-smorest for its OpenAPI document


def register_security(app: Flask) -> None:
    security_setup.init_app(app)  # also audits every refused request (the error handlers' refusal hook)
    district_scope.init_app(app)  # 各区、县(市)政府 stands for each district; district accounts see their own


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
    from supervision.outcomes import setup as outcome_setup
    from supervision.reminders import setup as reminder_setup
    from supervision.reviews import setup as review_setup
    from supervision.templating import register

    register(app)
    reminder_setup.init_app(app)  # the notification bell
    channel_setup.init_app(app)  # the departments' robots and SMS gateways, read by the outbox
    outcome_setup.init_app(app)  # outcome notices at each review, verdict and publication (hooks)
    review_setup.init_app(app)  # the count of waiting reports in the navigation
    appeals_setup.init_app(app)  # 复核: the outcome notice of an answer, the scorecard's 复核 lines
    rectification_setup.init_app(app)  # overdue 整改 as deduction facts; the department page's section
    accountability_setup.init_app(app)  # notices, 约谈 and 问责 as deduction facts; the department page's section
    indicator_setup.init_app(app)  # the quantitative targets' series on the task page
    evaluation_setup.init_app(app)  # results across years on the department and task pages


def register_commands(app: Flask) -> None:
    from supervision.audit.cli import audit_cli
    from supervision.cli import register

    register(app)
    app.cli.add_command(audit_cli)


def register_observability(app: Flask) -> None:
    """Request ids, /metrics and its database gauges, and what /healthz adds."""
    from supervision.evidence.services import storage_health
    from supervision.hooks import add_hook
    from supervision.observability.metrics import add_gauge
    from supervision.reminders.outbox import outbox_gauge
    from supervision.scheduler.runs import job_gauge

    observability_views.init_app(app)
    add_gauge(app, outbox_gauge)
    add_gauge(app, job_gauge)
    add_hook(app, "health", storage_health)


def check_environment(app: Flask) -> None:
    from supervision.pdf import warn_if_unsupported

    if not app.testing:
        warn_if_unsupported()
