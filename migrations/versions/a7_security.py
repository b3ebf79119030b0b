"""security: lockouts, two-factor, password history, security policy, append-only audit log

Revision ID: a7_security
Revises: a6_assessment
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7_security'
down_revision = 'a6_assessment'
branch_labels = None
depends_on = None

# The audit log is append-only in the database itself: no UPDATE ever, and DELETE only of events at or
# below the purge anchor (audit_anchor.purged_through_id), which may only move forward over events older
# than 180 days. `flask audit purge` moves the anchor, then deletes (supervision/audit/retention.py).
MIN_DAYS = 180

SQLITE_TRIGGERS = [
    """CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
WHEN OLD.id > COALESCE((SELECT purged_through_id FROM audit_anchor WHERE id = 1), 0)
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused above the purge anchor'); END""",
    f"""CREATE TRIGGER audit_anchor_insert_guard BEFORE INSERT ON audit_anchor
WHEN EXISTS (SELECT 1 FROM audit_events WHERE id <= NEW.purged_through_id
             AND occurred_at >= datetime('now', '-{MIN_DAYS} days'))
BEGIN SELECT RAISE(ABORT, 'audit_anchor may only cover events older than {MIN_DAYS} days'); END""",
    f"""CREATE TRIGGER audit_anchor_update_guard BEFORE UPDATE ON audit_anchor
WHEN NEW.purged_through_id <= OLD.purged_through_id
  OR EXISTS (SELECT 1 FROM audit_events WHERE id <= NEW.purged_through_id
             AND occurred_at >= datetime('now', '-{MIN_DAYS} days'))
BEGIN SELECT RAISE(ABORT, 'audit_anchor may only move forward over events older than {MIN_DAYS} days'); END""",
    """CREATE TRIGGER audit_anchor_no_delete BEFORE DELETE ON audit_anchor
BEGIN SELECT RAISE(ABORT, 'audit_anchor cannot be deleted'); END""",
]
SQLITE_TRIGGER_NAMES = [
    'audit_events_no_update', 'audit_events_no_delete', 'audit_anchor_insert_guard',
    'audit_anchor_update_guard', 'audit_anchor_no_delete',
]

POSTGRES_UP = [
    """CREATE FUNCTION audit_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.id <= COALESCE((SELECT purged_through_id FROM audit_anchor WHERE id = 1), 0) THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP;
END $$""",
    f"""CREATE FUNCTION audit_anchor_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
    RAISE EXCEPTION 'audit_anchor cannot be deleted';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF NEW.purged_through_id <= OLD.purged_through_id THEN
      RAISE EXCEPTION 'audit_anchor may only move forward';
    END IF;
  END IF;
  IF EXISTS (SELECT 1 FROM audit_events WHERE id <= NEW.purged_through_id
             AND occurred_at >= now() - interval '{MIN_DAYS} days') THEN
    RAISE EXCEPTION 'audit_anchor may only cover events older than {MIN_DAYS} days';
  END IF;
  RETURN NEW;
END $$""",
    """CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_guard()""",
    """CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
FOR EACH STATEMENT EXECUTE FUNCTION audit_events_guard()""",
    """CREATE TRIGGER audit_anchor_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_anchor
FOR EACH ROW EXECUTE FUNCTION audit_anchor_guard()""",
    """CREATE TRIGGER audit_anchor_no_truncate BEFORE TRUNCATE ON audit_anchor
FOR EACH STATEMENT EXECUTE FUNCTION audit_anchor_guard()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS audit_anchor_no_truncate ON audit_anchor",
    "DROP TRIGGER IF EXISTS audit_anchor_guard ON audit_anchor",
    "DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events",
    "DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events",
    "DROP FUNCTION IF EXISTS audit_anchor_guard()",
    "DROP FUNCTION IF EXISTS audit_events_guard()",
]


def upgrade():
    op.create_table('audit_anchor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purged_through_id', sa.Integer(), nullable=False),
    sa.Column('anchor_hash', sa.String(length=64), nullable=False),
    sa.Column('purged_count', sa.Integer(), nullable=False),
    sa.Column('purged_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_audit_anchor_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_anchor'))
    )
    op.create_table('security_policy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('max_failures', sa.Integer(), nullable=False),
    sa.Column('failure_window_minutes', sa.Integer(), nullable=False),
    sa.Column('lockout_minutes', sa.Integer(), nullable=False),
    sa.Column('ip_max_failures', sa.Integer(), nullable=False),
    sa.Column('idle_timeout_minutes', sa.Integer(), nullable=False),
    sa.Column('absolute_timeout_hours', sa.Integer(), nullable=False),
    sa.Column('admin_password_max_age_days', sa.Integer(), nullable=False),
    sa.Column('user_password_max_age_days', sa.Integer(), nullable=False),
    sa.Column('require_2fa_for_all', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_security_policy'))
    )
    op.create_table('password_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_password_history_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_history'))
    )
    with op.batch_alter_table('password_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_history_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('failures_reset_at', sa.DateTime(timezone=True), nullable=True))

    statements = POSTGRES_UP if op.get_bind().dialect.name == 'postgresql' else SQLITE_TRIGGERS
    for statement in statements:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for statement in POSTGRES_DOWN:
            op.execute(statement)
    else:
        for name in SQLITE_TRIGGER_NAMES:
            op.execute(f'DROP TRIGGER IF EXISTS {name}')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('failures_reset_at')
        batch_op.drop_column('locked_until')
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_secret')
        batch_op.drop_column('must_change_password')

    with op.batch_alter_table('password_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_history_user_id'))

    op.drop_table('password_history')
    op.drop_table('security_policy')
    op.drop_table('audit_anchor')
