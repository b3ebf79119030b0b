"""audit log keyed and sealed against REPLACE; PostgreSQL: purge function and the app role's grants

Revision ID: b2_audit_keys
Revises: b1_year_schedules

The chain becomes keyed (HMAC-SHA256 with AUDIT_CHAIN_KEY) in the application; the rows already written
keep their plain SHA-256 hashes and are pinned by `flask audit seal` (supervision/audit/seal.py).

SQLite: `INSERT OR REPLACE` deletes the conflicting row without firing DELETE triggers, so BEFORE INSERT
triggers refuse an insert whose id or hash is already there (audit_events) or any second anchor row.
PostgreSQL: `audit_purge_through` (SECURITY DEFINER, owned by the migrating role) is the only way the
application's role can delete purged events; when DATABASE_APP_ROLE is set, that role gets its grants
(supervision/audit/roles.py) and no UPDATE or DELETE on audit_events.
"""
from alembic import op
from flask import current_app, has_app_context

from supervision.audit.roles import grant_statements


# revision identifiers, used by Alembic.
revision = 'b2_audit_keys'
down_revision = 'b1_year_schedules'
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    """CREATE TRIGGER audit_events_no_replace BEFORE INSERT ON audit_events
WHEN EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id OR hash = NEW.hash)
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: INSERT OR REPLACE refused'); END""",
    """CREATE TRIGGER audit_anchor_no_replace BEFORE INSERT ON audit_anchor
WHEN EXISTS (SELECT 1 FROM audit_anchor)
BEGIN SELECT RAISE(ABORT, 'audit_anchor holds one row: INSERT OR REPLACE refused'); END""",
]
SQLITE_TRIGGER_NAMES = ['audit_events_no_replace', 'audit_anchor_no_replace']

POSTGRES_PURGE = """CREATE FUNCTION audit_purge_through(through bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE removed bigint;
BEGIN
  DELETE FROM audit_events
  WHERE id <= through AND id <= COALESCE((SELECT purged_through_id FROM audit_anchor WHERE id = 1), 0);
  GET DIAGNOSTICS removed = ROW_COUNT;
  RETURN removed;
END $$"""


def _app_role():
    return current_app.config.get("DATABASE_APP_ROLE") if has_app_context() else None


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
        return
    op.execute(POSTGRES_PURGE)
    op.execute("REVOKE ALL ON FUNCTION audit_purge_through(bigint) FROM PUBLIC")
    role = _app_role()
    if role:
        for statement in grant_statements(role):
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        for name in SQLITE_TRIGGER_NAMES:
            op.execute(f'DROP TRIGGER IF EXISTS {name}')
        return
    op.execute("DROP FUNCTION IF EXISTS audit_purge_through(bigint)")
