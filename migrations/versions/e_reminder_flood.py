"""Reminder flood control and 催办 history: the daily notice limit, held notices, reminder records

Revision ID: e_reminder_flood
Revises: d1_merge
"""

import sqlalchemy as sa
from alembic import op

revision = "e_reminder_flood"
down_revision = "d1_merge"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reminder_policies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_limit", sa.Integer(), server_default="20", nullable=False))
    op.create_table(
        "held_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_held_notices_decided_by_id_users")),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_held_notices_department_id_departments")
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestones.id"],
            name=op.f("fk_held_notices_milestone_id_milestones"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["supervision_notices.id"],
            name=op.f("fk_held_notices_notice_id_supervision_notices"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_notices")),
        sa.UniqueConstraint("milestone_id", "department_id", name=op.f("uq_held_notices_milestone_id_department_id")),
    )
    with op.batch_alter_table("held_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_held_notices_department_id"), ["department_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_held_notices_held_on"), ["held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_held_notices_milestone_id"), ["milestone_id"], unique=False)
    op.create_table(
        "reminder_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("user_ids", sa.JSON(), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_reminder_records_department_id_departments")
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestones.id"],
            name=op.f("fk_reminder_records_milestone_id_milestones"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["sent_by_id"], ["users.id"], name=op.f("fk_reminder_records_sent_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_records")),
        sa.UniqueConstraint(
            "milestone_id",
            "department_id",
            "kind",
            "day",
            name=op.f("uq_reminder_records_milestone_id_department_id_kind_day"),
        ),
    )
    with op.batch_alter_table("reminder_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminder_records_milestone_id"), ["milestone_id"], unique=False)


def downgrade():
    with op.batch_alter_table("reminder_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_records_milestone_id"))
    op.drop_table("reminder_records")
    with op.batch_alter_table("held_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_held_notices_milestone_id"))
        batch_op.drop_index(batch_op.f("ix_held_notices_held_on"))
        batch_op.drop_index(batch_op.f("ix_held_notices_department_id"))
    op.drop_table("held_notices")
    with op.batch_alter_table("reminder_policies", schema=None) as batch_op:
        batch_op.drop_column("notice_limit")
