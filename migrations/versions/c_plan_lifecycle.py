"""plan and task states: 执行中/收尾评估/已结束, 推进中/已办结/中止/转入新规划; demo plans

Revision ID: c_plan_lifecycle
Revises: b2_audit_keys
"""

import sqlalchemy as sa
from alembic import op

revision = "c_plan_lifecycle"
down_revision = "b2_audit_keys"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("plans") as batch:
        batch.add_column(sa.Column("status", sa.String(length=20), server_default="running", nullable=False))
        batch.add_column(sa.Column("status_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("is_demo", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("status", sa.String(length=20), server_default="open", nullable=False))
        batch.add_column(sa.Column("status_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("status_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("verdict", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("successor_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_tasks_successor_id"), ["successor_id"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_tasks_successor_id_tasks"), "tasks", ["successor_id"], ["id"], ondelete="SET NULL"
        )


def downgrade():
    with op.batch_alter_table("tasks") as batch:
        batch.drop_constraint(batch.f("fk_tasks_successor_id_tasks"), type_="foreignkey")
        batch.drop_index(batch.f("ix_tasks_successor_id"))
        for column in ("successor_id", "verdict", "status_reason", "status_on", "status"):
            batch.drop_column(column)
    with op.batch_alter_table("plans") as batch:
        for column in ("is_demo", "status_on", "status"):
            batch.drop_column(column)
