"""Many writers at once on SQLite queue for the lock instead of failing with 'database is locked'."""

import threading

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from supervision.accounts.models import Department
from supervision.extensions import db
from tests.builders import make_department
from tests.conftest import make_test_app


def test_concurrent_writers_never_see_database_is_locked(tmp_path, app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite-specific")
    local = make_test_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'c.db'}")
    with local.app_context():
        upgrade()
    errors: list[Exception] = []

    def writer(n: int) -> None:
        with local.app_context():
            try:
                for i in range(15):
                    count = db.session.scalar(select(func.count()).select_from(Department))
                    make_department(f"部门{n}-{i}-{count}", kind="other")
                    db.session.commit()
            except Exception as error:  # collected and asserted below
                errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with local.app_context():
        assert db.session.scalar(select(func.count()).select_from(Department)) == 120
        mode = db.session.execute(db.text("PRAGMA journal_mode")).scalar()
        assert mode == "wal"
