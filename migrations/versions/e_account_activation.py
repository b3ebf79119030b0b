"""One-time activation links of accounts imported in bulk

Revision ID: e_account_activation
Revises: d1_merge
"""
import sqlalchemy as sa
from alembic import op

revision = 'e_account_activation'
down_revision = 'd1_merge'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'account_activations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_account_activations_user_id_users'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_account_activations')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_account_activations_token_hash')),
    )
    with op.batch_alter_table('account_activations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_activations_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('account_activations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_activations_user_id'))
    op.drop_table('account_activations')
