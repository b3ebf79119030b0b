"""`/metrics` for Prometheus, behind METRICS_TOKEN; the request id and latency of every request."""

from __future__ import annotations

import hmac
import time

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST

from supervision.observability.context import HEADER, accepted_request_id, bind_request_id, unbind_request_id
from supervision.observability.metrics import REQUEST_SECONDS, exposition

bp = Blueprint("observability", __name__)


@bp.route("/metrics")
def metrics():
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        abort(404)  # metrics are off until a token is set
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        return Response("需要有效的指标访问令牌（METRICS_TOKEN）。\n", 401, {"WWW-Authenticate": "Bearer"})
    return Response(exposition(), mimetype=CONTENT_TYPE_LATEST)


def _start() -> None:
    g.request_started = time.perf_counter()
    g.request_id = accepted_request_id(request.headers.get(HEADER))
    g.request_id_token = bind_request_id(g.request_id)


def _finish(response: Response) -> Response:
    request_id = g.get("request_id")
    if request_id:
        response.headers[HEADER] = request_id
    started = g.get("request_started")
    if started is not None:
        endpoint = request.endpoint or "unmatched"
        REQUEST_SECONDS.labels(endpoint, request.method, str(response.status_code)).observe(
            time.perf_counter() - started
        )
    return response


def _teardown(_error) -> None:
    token = g.pop("request_id_token", None)
    if token is not None:
        unbind_request_id(token)


def init_app(app: Flask) -> None:
    """Every request gets an id (X-Request-Id in, or a new one) that logs show and the response returns."""
    app.before_request_funcs.setdefault(None, []).insert(0, _start)  # first, so that refusals carry it too
    app.after_request(_finish)
    app.teardown_request(_teardown)
