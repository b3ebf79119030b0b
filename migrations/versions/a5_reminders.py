"""reminders, outbox and notifications

Revision ID: a5_reminders
Revises: c7e645b347c0
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a5_reminders'
down_revision = 'c7e645b347c0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_runs',
    sa.Column('job_id', sa.String(length=64), nullable=False),
    sa.Column('last_run_on', sa.Date(), nullable=True),
    sa.Column('last_success_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_result', sa.String(length=500), nullable=True),
    sa.Column('last_failure_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('job_id', name=op.f('pk_job_runs'))
    )
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('user_id', 'kind', 'day', name=op.f('uq_notifications_user_id_kind_day'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_user_id'), ['user_id'], unique=False)
    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_outbox_messages_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages')),
    sa.UniqueConstraint('channel', 'user_id', 'kind', 'day', name=op.f('uq_outbox_messages_channel_user_id_kind_day'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_messages_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_user_id'), ['user_id'], unique=False)
    op.create_table('reminder_policies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('before_days', sa.String(length=40), nullable=False),
    sa.Column('on_due_day', sa.Boolean(), nullable=False),
    sa.Column('overdue_every', sa.Integer(), nullable=False),
    sa.Column('escalate_after', sa.Integer(), nullable=False),
    sa.Column('daily_digest', sa.Boolean(), nullable=False),
    sa.Column('weekly_digest', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_reminder_policies_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_policies'))
    )
    op.create_table('supervision_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('overdue_days', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_supervision_notices_department_id_departments')),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestones.id'], name=op.f('fk_supervision_notices_milestone_id_milestones'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_notices')),
    sa.UniqueConstraint('milestone_id', 'department_id', name=op.f('uq_supervision_notices_milestone_id_department_id')),
    sa.UniqueConstraint('year', 'number', name=op.f('uq_supervision_notices_year_number'))
    )
    with op.batch_alter_table('supervision_notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervision_notices_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supervision_notices_issued_on'), ['issued_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_supervision_notices_milestone_id'), ['milestone_id'], unique=False)


def downgrade():
    with op.batch_alter_table('supervision_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervision_notices_milestone_id'))
        batch_op.drop_index(batch_op.f('ix_supervision_notices_issued_on'))
        batch_op.drop_index(batch_op.f('ix_supervision_notices_department_id'))
    op.drop_table('supervision_notices')
    op.drop_table('reminder_policies')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_user_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_messages_status'))
        batch_op.drop_index(batch_op.f('ix_outbox_messages_day'))
    op.drop_table('outbox_messages')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_user_id'))
    op.drop_table('notifications')
    op.drop_table('job_runs')

