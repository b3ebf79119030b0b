"""The schema changes only through migrations: the migrated database matches the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import text

from supervision.extensions import db
from tests.conftest import make_test_app


def test_models_and_migrations_agree(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models differ from migrations; run `flask db migrate`: {diff}"


def test_a_database_holding_plans_upgrades_across_table_rebuilds(tmp_path):
    """An office's existing database (plans, tasks and their departments filled in) takes every later
    migration, including those that rebuild a referenced table on SQLite, and keeps its rows."""
    app = make_test_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'old.db'}")
    with app.app_context():
        upgrade(revision="b2_audit_keys")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO plans (id, code, title, start_year, end_year, document, created_at, updated_at) "
                    "VALUES (1, 'HZ-OLD', '旧规划', 2021, 2025, '', '2024-01-01', '2024-01-01')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO tasks (id, plan_id, kind, number, category, name, content, start_year, end_year,"
                    " active, assigned_in_app, created_at, updated_at) VALUES (1, 1, 'key_project', 1, '', '任务一',"
                    " '', 2021, 2025, 1, 0, '2024-01-01', '2024-01-01')"
                )
            )
        upgrade(revision="heads")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT name, status FROM tasks")).all() == [("任务一", "open")]
            assert conn.execute(text("SELECT code, status FROM plans")).all() == [("HZ-OLD", "running")]
        db.engine.dispose()
