"""The bench's one-against-two-instances run: its round-robin proxy and its reading at equal p95."""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

sys.path.append(str(Path(__file__).resolve().parents[2] / "bench"))  # the bench scripts import each other

import instances  # noqa: E402
from load import Session, saturate  # noqa: E402


def backend(name: str) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            body = name.encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def two_backends():
    servers = [backend("A"), backend("B")]
    yield [f"http://127.0.0.1:{s.server_address[1]}" for s in servers]
    for server in servers:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    return port


def test_the_proxy_hands_requests_to_the_backends_in_turn(two_backends):
    port = free_port()
    proxy = instances.start_proxy(port, two_backends)
    try:
        answers = []
        for _ in range(6):
            with requests.get(f"http://127.0.0.1:{port}/", headers={"Connection": "close"}, timeout=10) as r:
                answers.append(r.text)
        assert answers == ["A", "B"] * 3
        figures = saturate([(Session(f"http://127.0.0.1:{port}"), {"page": "/"})] * 2, 1.0)
        assert figures["n"] > 10 and figures["errors"] == 0 and figures["rps"] > 0
    finally:
        instances.stop(proxy)
    assert proxy.returncode == 0  # stopped cleanly on SIGTERM


def test_throughput_is_read_at_the_same_p95_on_both_curves():
    one = [
        {"users": 1, "rps": 40.0, "p95_ms": 40.0},
        {"users": 2, "rps": 50.0, "p95_ms": 100.0},
        {"users": 4, "rps": 60.0, "p95_ms": 200.0},
    ]
    two = [
        {"users": 1, "rps": 40.0, "p95_ms": 40.0},
        {"users": 2, "rps": 80.0, "p95_ms": 50.0},
        {"users": 4, "rps": 100.0, "p95_ms": 150.0},
    ]
    assert instances.throughput_at(one, 150.0) == pytest.approx(55.0)  # halfway between 100 and 200 ms
    assert instances.throughput_at(two, 150.0) == pytest.approx(100.0)
    assert instances.throughput_at(one, 30.0) == 40.0  # below the lightest load: its figure
    assert instances.throughput_at(two, 500.0) == 100.0  # beyond the curve: its best
