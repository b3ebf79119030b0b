"""The database going away gives a Chinese 503 page (and /healthz 503), never a stack trace, and the app
recovers when it returns."""

import contextlib
import socket
import threading

import pytest
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from supervision.extensions import db as _db
from tests.conftest import make_test_app
from tests.helpers import csrf_token, login, make_user


class Proxy:
    """A TCP relay in front of PostgreSQL that can drop every connection and stop listening."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.sockets: list[socket.socket] = []
        self.listener = None

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen()
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def stop(self):
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread; close() alone may not
        self.listener.close()
        for s in self.sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
        self.sockets.clear()


@pytest.fixture
def outage(app, tmp_path):
    """(app, take the database away, bring it back) for the dialect under test."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "postgresql":
        proxy = Proxy((url.host, url.port))
        proxy.start()
        local = make_test_app(SQLALCHEMY_DATABASE_URI=url.set(host="127.0.0.1", port=proxy.port))
        yield local, proxy.stop, proxy.start
        proxy.stop()
    else:  # the volume holding the SQLite file goes away (connections die with it) and comes back
        folder = tmp_path / "volume"
        folder.mkdir()
        local = make_test_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'supervision.db'}")
        with local.app_context():
            upgrade()

        def away():
            folder.rename(tmp_path / "unmounted")
            with local.app_context():
                _db.engine.dispose()

        yield local, away, lambda: (tmp_path / "unmounted").rename(folder)
    with local.app_context():
        _db.engine.dispose()


def chinese_503(response) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == 503, html[:500]
    assert "服务暂时不可用" in html and "Traceback" not in html and "OperationalError" not in html


def test_the_database_going_away_gives_a_chinese_503_and_the_app_recovers(outage, db):
    local, away, back = outage
    with local.app_context():
        make_user("liaison1", roles=("liaison",))
        client = local.test_client()
        assert login(client, "liaison1").status_code == 303
        token = csrf_token(client, "/auth/password")
        assert client.get("/plans/").status_code == 200
        away()
        health = client.get("/healthz")
        assert health.status_code == 503 and health.get_json()["status"] == "unavailable"
        chinese_503(client.get("/plans/"))
        chinese_503(client.post("/auth/logout", data={"csrf_token": token}))
        visitor = local.test_client()
        visitor_token = csrf_token(visitor)
        chinese_503(visitor.post("/auth/login", data={"username": "a", "password": "b", "csrf_token": visitor_token}))
        back()
        assert client.get("/healthz").status_code == 200
        assert client.get("/plans/").status_code == 200  # the same session carries on
