"""Outcome notices: review decisions, evidence verdicts and publication told to the departments

Revision ID: e_outcomes
Revises: d1_merge
"""
import sqlalchemy as sa
from alembic import op

revision = 'e_outcomes'
down_revision = 'd1_merge'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'outcome_notices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('path', sa.String(length=300), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('mailed_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ['department_id'], ['departments.id'], name=op.f('fk_outcome_notices_department_id_departments')
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_outcome_notices_user_id_users'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_notices')),
    )
    with op.batch_alter_table('outcome_notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_notices_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_notices_mailed_on'), ['mailed_on'], unique=False)
        batch_op.create_index('ix_outcome_notices_user_id_day', ['user_id', 'day'], unique=False)


def downgrade():
    with op.batch_alter_table('outcome_notices', schema=None) as batch_op:
        batch_op.drop_index('ix_outcome_notices_user_id_day')
        batch_op.drop_index(batch_op.f('ix_outcome_notices_mailed_on'))
        batch_op.drop_index(batch_op.f('ix_outcome_notices_department_id'))
    op.drop_table('outcome_notices')
