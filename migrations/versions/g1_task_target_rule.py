"""Tasks: the office's hand-written rule of a task target (when the parser cannot read its wording)

Revision ID: g1_task_target_rule
Revises: f1_merge
"""

import sqlalchemy as sa
from alembic import op

revision = "g1_task_target_rule"
down_revision = "f1_merge"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("task_targets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rule", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("rule_wording", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("task_targets", schema=None) as batch_op:
        batch_op.drop_column("rule_wording")
        batch_op.drop_column("rule")
