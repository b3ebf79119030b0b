"""Department channels (DingTalk / 浙政钉 and 企业微信 robots, webhooks, SMS gateways) and the department
an outbox message is delivered for

Revision ID: e_channels
Revises: d1_merge
"""

import sqlalchemy as sa
from alembic import op

revision = "e_channels"
down_revision = "d1_merge"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "department_channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("url_sealed", sa.Text(), nullable=False),
        sa.Column("url_hint", sa.String(length=200), nullable=False),
        sa.Column("secret_sealed", sa.Text(), nullable=True),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_department_channels_department_id_departments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_department_channels_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_department_channels")),
        sa.UniqueConstraint("department_id", "kind", name=op.f("uq_department_channels_department_id_kind")),
    )
    with op.batch_alter_table("department_channels") as batch:
        batch.create_index(batch.f("ix_department_channels_department_id"), ["department_id"], unique=False)
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("department_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_outbox_messages_department_id_departments"),
            "departments",
            ["department_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_constraint(batch.f("fk_outbox_messages_department_id_departments"), type_="foreignkey")
        batch.drop_column("department_id")
    with op.batch_alter_table("department_channels") as batch:
        batch.drop_index(batch.f("ix_department_channels_department_id"))
    op.drop_table("department_channels")
