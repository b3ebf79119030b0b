"""a district's own plan of local tasks

Revision ID: e_district_local_tasks
Revises: d1_merge
Create Date: 2026-12-02 18:25:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e_district_local_tasks'
down_revision = 'd1_merge'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'district_local_plans',
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('district_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['district_id'], ['departments.id'], name=op.f('fk_district_local_plans_district_id_departments')),
        sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_district_local_plans_plan_id_plans'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('plan_id', name=op.f('pk_district_local_plans')),
    )
    with op.batch_alter_table('district_local_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_district_local_plans_district_id'), ['district_id'], unique=False)


def downgrade():
    with op.batch_alter_table('district_local_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_district_local_plans_district_id'))
    op.drop_table('district_local_plans')
