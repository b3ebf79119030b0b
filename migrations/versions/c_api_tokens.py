"""API tokens for other government systems, and the departments each may act for

Revision ID: c_api_tokens
Revises: b2_audit_keys
"""
import sqlalchemy as sa
from alembic import op

revision = 'c_api_tokens'
down_revision = 'b2_audit_keys'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'api_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('prefix', sa.String(length=16), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('scope', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_api_tokens_created_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
        sa.UniqueConstraint('name', name=op.f('uq_api_tokens_name')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash')),
    )
    op.create_table(
        'api_token_departments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_id', sa.Integer(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['department_id'], ['departments.id'], name=op.f('fk_api_token_departments_department_id_departments')
        ),
        sa.ForeignKeyConstraint(
            ['token_id'],
            ['api_tokens.id'],
            name=op.f('fk_api_token_departments_token_id_api_tokens'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token_departments')),
        sa.UniqueConstraint('token_id', 'department_id', name=op.f('uq_api_token_departments_token_id_department_id')),
    )
    with op.batch_alter_table('api_token_departments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_departments_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_api_token_departments_token_id'), ['token_id'], unique=False)


def downgrade():
    with op.batch_alter_table('api_token_departments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_departments_token_id'))
        batch_op.drop_index(batch_op.f('ix_api_token_departments_department_id'))
    op.drop_table('api_token_departments')
    op.drop_table('api_tokens')
