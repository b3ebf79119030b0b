"""Domain errors carrying a status and a Chinese message, and the handlers that render them."""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, render_template, request
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from supervision.extensions import db, login_manager
from supervision.hooks import run_hooks

log = logging.getLogger(__name__)
REFUSAL_HOOK = "refusal"  # hooks called with the Chinese message of every refused (403) request


class DomainError(Exception):
    """A refused operation; `message` is shown to the user as is."""

    status = 400

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class PermissionDenied(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


HTTP_MESSAGES = {
    400: "请求有误，请检查后重试。",
    403: "您没有权限访问此页面或执行此操作。",
    404: "页面或数据不存在。",
    405: "不支持该请求方式。",
    413: "上传的文件过大。",
    429: "请求过于频繁，请稍后再试。",
    500: "系统内部错误，请稍后重试或联系系统管理员。",
    503: "系统暂时无法访问数据库，请稍后重试。",
}

# the stable codes of JSON errors (the API documents them)
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    412: "precondition_failed",
    413: "too_large",
    422: "invalid_input",
    428: "precondition_required",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def render_error(status: int, message: str | None = None):
    message = message or HTTP_MESSAGES.get(status, "请求无法完成。")
    if _wants_json():
        return jsonify({"code": CODES.get(status, "error"), "message": message, "error": message}), status
    template = f"errors/{status}.html" if status in (403, 404, 500, 503) else "errors/generic.html"
    return render_template(template, status=status, message=message), status


def report_refusal(message: str) -> None:
    """Tell the domains that registered a refusal hook (the audit of refused requests) about a 403."""
    run_hooks(REFUSAL_HOOK, message)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(error: DomainError):
        db.session.rollback()
        if error.status == 403:
            report_refusal(error.message)
        return render_error(error.status, error.message)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code == 400 and "CSRF" in (error.description or ""):
            return render_error(400, "页面已过期或缺少安全令牌，请刷新页面后重试。")
        if error.code == 403:
            report_refusal(HTTP_MESSAGES[403])
        return render_error(error.code or 500)

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def _database(error: Exception):
        log.error("database error: %s", error)
        g._login_user = login_manager.anonymous_user()  # nothing after this may try the database again
        try:
            db.session.rollback()
        except Exception:  # the connection itself may be gone
            db.session.remove()
        return render_error(503)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unhandled error")
        db.session.rollback()
        return render_error(500)
