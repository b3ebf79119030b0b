"""The request id behind each outbox message (observability)

Revision ID: c_observability
Revises: b2_audit_keys
"""
import sqlalchemy as sa
from alembic import op

revision = "c_observability"
down_revision = "b2_audit_keys"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("request_id", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_column("request_id")
