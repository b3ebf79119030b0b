"""indexes for cache versions

Revision ID: a8_indexes
Revises: a7_security
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a8_indexes'
down_revision = 'a7_security'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_milestones_updated_at', 'milestones', ['updated_at'])
    op.create_index('ix_tasks_updated_at', 'tasks', ['updated_at'])
    op.create_index('ix_reports_updated_at', 'reports', ['updated_at'])
    op.create_index('ix_audit_events_object', 'audit_events', ['object_type', 'object_id'])


def downgrade():
    op.drop_index('ix_audit_events_object', table_name='audit_events')
    op.drop_index('ix_reports_updated_at', table_name='reports')
    op.drop_index('ix_tasks_updated_at', table_name='tasks')
    op.drop_index('ix_milestones_updated_at', table_name='milestones')
