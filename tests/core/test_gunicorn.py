"""gunicorn with gunicorn.conf.py: a request running into the deadline gets a Chinese 503 page before the
worker timeout, and gunicorn's own error pages (a malformed request) are Chinese (D10)."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from supervision.config import ROOT
from tests.reminders.support import free_port

GUNICORN = Path(sys.executable).parent / "gunicorn"


@pytest.fixture
def server(app, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "SUPERVISION_INSTANCE": str(tmp_path / "instance"),
        "SLOW_WSGI_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SLOW_WSGI_UPLOAD_DIR": str(tmp_path / "uploads"),
        "GUNICORN_TIMEOUT": "5",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    process = subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "tests.core.slow_wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_request_past_its_deadline_gets_a_chinese_page_before_the_worker_timeout(server):
    started = time.monotonic()
    answer = raw(server, b"GET /_slow HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    elapsed = time.monotonic() - started
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 503"), head
    assert "请求处理时间过长" in body.decode()
    assert 3 < elapsed < 30  # the deadline (80 % of the 5 s timeout), long before the page would finish
    again = raw(server, b"GET /auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    assert again.startswith(b"HTTP/1.1 200")  # the worker lives on


def test_gunicorns_own_error_page_is_chinese(server):
    answer = raw(server, b"GARBAGE\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400") and b"charset=utf-8" in head
    assert "请求格式有误" in body.decode("utf-8") and "Bad Request" not in body.decode("utf-8")
