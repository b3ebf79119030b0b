"""PostgreSQL: the application connects as a role that may append to the audit log but neither update nor
delete it; migrations and restores run as the owner, and a restore gives the app's role its rights again.
Runs under tests/with_postgres.sh, which creates the app's role."""

import os
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from supervision.audit.models import AuditEvent
from supervision.audit.services import record_event
from supervision.db import utcnow
from supervision.extensions import db as _db
from tests.conftest import make_test_app

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_APP_DATABASE_URL"), reason="PostgreSQL role split (tests/with_postgres.sh)"
)
REFUSED = [
    "UPDATE audit_events SET detail = 'x'",
    "DELETE FROM audit_events",
    "TRUNCATE audit_events",
    "DELETE FROM audit_anchor",
    "DROP TABLE audit_events",
    "ALTER TABLE audit_events DISABLE TRIGGER ALL",
]


@pytest.fixture
def app_role(app):
    """The app as it runs in production: its own role, the owner's URL for migrations and restores."""
    target = make_test_app(
        SQLALCHEMY_DATABASE_URI=os.environ["TEST_APP_DATABASE_URL"],
        MIGRATION_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        DATABASE_APP_ROLE=os.environ["TEST_DATABASE_APP_ROLE"],
    )
    yield target
    with target.app_context():
        _db.engine.dispose()


def assert_append_only():
    for statement in REFUSED:
        with pytest.raises(DBAPIError, match="permission denied|must be owner"):
            _db.session.execute(text(statement))
        _db.session.rollback()
    record_event("task.assign", object_type="task", object_id="still-writable")
    _db.session.commit()


def test_the_app_role_appends_to_the_log_but_cannot_change_it(app_role, db):
    with app_role.app_context():
        for days in (400, 300, 1):
            record_event("task.assign", object_type="task", now=utcnow() - timedelta(days=days))
        _db.session.commit()
        assert_append_only()
        runner = app_role.test_cli_runner()
        result = runner.invoke(args=["audit", "purge"])  # through the owner's function, up to the anchor only
        assert result.exit_code == 0 and "已清理" in result.output and "2 条" in result.output, result.output
        _db.session.rollback()
        assert _db.session.scalar(select(func.count()).select_from(AuditEvent)) == 3
        assert runner.invoke(args=["audit", "verify"]).exit_code == 0


def test_a_restore_runs_as_the_owner_and_leaves_the_app_role_append_only(app_role, db, tmp_path):
    with app_role.app_context():
        record_event("task.assign", object_type="task")
        _db.session.commit()
        runner = app_role.test_cli_runner()
        result = runner.invoke(args=["backup", "create", "--out", str(tmp_path)])  # pg_dump as the app's role
        assert result.exit_code == 0, result.output
        (archive,) = tmp_path.glob("*.tar.gz.enc")
        result = runner.invoke(args=["backup", "restore", str(archive), "--force"])  # pg_restore as the owner
        assert result.exit_code == 0, result.output
        _db.session.remove()
        assert_append_only()
        assert runner.invoke(args=["audit", "verify"]).exit_code == 0
