"""Shared fixtures: one migrated database per run (SQLite, or PostgreSQL via TEST_DATABASE_URL)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text

from supervision.app import create_app
from supervision.db import write_intent
from supervision.extensions import db as _db
from tests.helpers import audit_guards_lifted
from tests.reminders.support import SmtpServer, free_port

_TMP = Path(tempfile.mkdtemp(prefix="supervision-test-"))
os.environ["SUPERVISION_INSTANCE"] = str(_TMP / "instance")


def _database_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        engine = create_engine(url)
        with engine.begin() as conn:  # a clean schema for this run
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        return url
    return f"sqlite:///{_TMP / 'test.db'}"


class FreshContextClient(FlaskClient):
    """Each request runs in its own app context (its own `g` and db session), as in production."""

    def open(self, *args, **kwargs):
        if has_app_context():
            _db.session.commit()  # end the test's own transaction, as a finished request would
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_test_app(**overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "UPLOAD_DIR": str(_TMP / "uploads"),
    }
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = FreshContextClient
    return app


@pytest.fixture(scope="session")
def app():
    app_role = os.environ.get("TEST_DATABASE_APP_ROLE")  # tests/with_postgres.sh: the migrations grant it its rights
    app = make_test_app(SQLALCHEMY_DATABASE_URI=_database_url(), DATABASE_APP_ROLE=app_role)
    with app.app_context():
        upgrade(revision="heads")
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def db(request, app):
    """Every test starts with empty tables; the test's own reads never hold SQLite's write lock."""
    token = write_intent.set(False)
    with app.app_context():
        yield _db
        _db.session.remove()
        existing = set(inspect(_db.engine).get_table_names())  # tables of models not yet migrated are skipped
        tables = [t.name for t in reversed(_db.metadata.sorted_tables) if t.name in existing]
        with _db.engine.begin() as conn, audit_guards_lifted(conn):
            if conn.dialect.name == "postgresql":
                conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    conn.execute(text(f"DELETE FROM {table}"))
    write_intent.reset(token)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# A real SMTP server (aiosmtpd) on a free local port, wired into the app's mail settings.
@pytest.fixture
def smtp_port(app, monkeypatch):
    port = free_port()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_SENDER", "健康办 <jkhz-office@example.gov.cn>")
    return port


@pytest.fixture
def smtp(smtp_port):
    server = SmtpServer(smtp_port).start()
    yield server
    server.stop()
