"""Errors of the API as JSON: a stable code and a Chinese message."""

from __future__ import annotations

import logging

from flask import jsonify
from werkzeug.exceptions import HTTPException

from supervision.errors import CODES, HTTP_MESSAGES, DomainError, report_refusal
from supervision.extensions import db

log = logging.getLogger(__name__)
MESSAGES = {
    **HTTP_MESSAGES,
    401: "缺少有效的接口令牌，或令牌已过期、已吊销。",
    404: "接口或数据不存在。",
    409: "数据已被他人修改，请重新读取后再提交。",
    412: "数据已变化，请重新读取后再提交。",
    422: "请求参数有误。",
}


def error_response(status: int, message: str | None = None, details: dict | None = None):
    message = message or MESSAGES.get(status, "请求无法完成。")
    body = {"code": CODES.get(status, "error"), "message": message, "error": message}
    if details:
        body["details"] = details
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def register(bp) -> None:
    @bp.errorhandler(DomainError)
    def _domain(error: DomainError):
        db.session.rollback()
        if error.status == 403:
            report_refusal(error.message)
        return error_response(error.status, error.message)

    @bp.errorhandler(HTTPException)
    def _http(error: HTTPException):
        status = error.code or 500
        data = getattr(error, "data", None) or {}
        details = data.get("messages") if isinstance(data, dict) else None
        return error_response(status, None, details)

    @bp.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unhandled API error")
        db.session.rollback()
        return error_response(500)
