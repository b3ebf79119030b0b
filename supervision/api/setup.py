"""Wiring the API into the app: the OpenAPI document, token authentication (never the session cookie),
the per-token rate limit, the audit of every call and JSON errors."""

from __future__ import annotations

from flask import Flask, g, request
from flask_limiter import Limiter
from flask_smorest import Api

from supervision.api import errors
from supervision.api.auth import bearer_secret, rate_key
from supervision.api.schemas import ErrorSchema
from supervision.api.services import authenticate, record_call
from supervision.api.views import bp
from supervision.db import utcnow, write_lock
from supervision.extensions import csrf, db, login_manager

API_CONFIG = {
    "API_TITLE": "健康杭州任务督办系统数据接口",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_RATE_LIMIT": "120/minute",
    "API_SPEC_OPTIONS": {
        "info": {"description": "以令牌（Authorization: Bearer hzdb_…）访问；说明见 docs/api.md。"},
        "security": [{"bearerAuth": []}],
    },
}


class SupervisionApi(Api):
    ERROR_SCHEMA = ErrorSchema  # our errors carry a string code and a Chinese message


def _is_api_request() -> bool:
    return request.blueprint == bp.name


def init_app(app: Flask) -> None:
    for key, value in API_CONFIG.items():
        app.config.setdefault(key, value)
    api = SupervisionApi(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    if not getattr(bp, "_error_handlers_set", False):  # the blueprint object is shared by every app made
        errors.register(bp)
        bp._error_handlers_set = True
    csrf.exempt(bp)  # the API never reads the session cookie, so a forged cross-site request carries nothing
    limiter = Limiter(rate_key, app=app, storage_uri="memory://", default_limits=[], headers_enabled=True)
    limiter.limit(lambda: app.config["API_RATE_LIMIT"])(bp)
    api.register_blueprint(bp)
    app.extensions["supervision_api"] = api

    @app.before_request
    def _identify_caller():
        # Registered before the session checks: an API call is anonymous to Flask-Login whatever cookie
        # the client sends, so only the token below can authorise it.
        if not _is_api_request():
            return None
        g._login_user = login_manager.anonymous_user()
        g.api_token = authenticate(bearer_secret(), utcnow())
        if g.api_token is None:
            return errors.error_response(401)
        return None

    @app.after_request
    def _audit_call(response):
        if _is_api_request():
            token = g.get("api_token")
            with write_lock(db.session, discard_read=True):
                record_call(token, method=request.method, path=request.path, status=response.status_code, now=utcnow())
            response.headers.setdefault("Cache-Control", "private, no-cache")
        return response
