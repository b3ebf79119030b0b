"""the State Council's yearly holiday schedules entered by the office

Revision ID: b1_year_schedules
Revises: a8_indexes
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b1_year_schedules'
down_revision = 'a8_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_schedules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_schedules')),
    sa.UniqueConstraint('year', name=op.f('uq_calendar_schedules_year'))
    )
    op.create_table('calendar_schedule_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=True),
    sa.Column('start_day', sa.Date(), nullable=False),
    sa.Column('end_day', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['schedule_id'], ['calendar_schedules.id'], name=op.f('fk_calendar_schedule_entries_schedule_id_calendar_schedules'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_schedule_entries'))
    )
    with op.batch_alter_table('calendar_schedule_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_schedule_entries_schedule_id'), ['schedule_id'], unique=False)


def downgrade():
    with op.batch_alter_table('calendar_schedule_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_schedule_entries_schedule_id'))
    op.drop_table('calendar_schedule_entries')
    op.drop_table('calendar_schedules')
