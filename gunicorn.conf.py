"""gunicorn's settings for the web service; `gunicorn wsgi:app` reads this file from the working directory
(or pass `-c gunicorn.conf.py`). Command-line options override it. See docs/security.md ("Web server")."""

import os

import gunicorn.util

from supervision.core import server

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # behind nginx only
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = "sync"  # one request per process in its main thread: the request deadline needs it
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # a worker silent this long is killed and replaced
graceful_timeout = 30
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

gunicorn.util.write_error = server.write_error  # gunicorn's own error pages in Chinese


def pre_request(worker, req):
    server.start_deadline(timeout * server.DEADLINE_SHARE)  # a Chinese 503 before gunicorn's kill


def post_request(worker, req, environ, resp):
    server.stop_deadline()
