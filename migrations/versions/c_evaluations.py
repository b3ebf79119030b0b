"""evaluations of a plan (终期评估 / 中期评估): the office's sections and changed task verdicts

Revision ID: c_evaluations
Revises: c_plan_lifecycle
"""

import sqlalchemy as sa
from alembic import op

revision = "c_evaluations"
down_revision = "c_plan_lifecycle"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("achievements", sa.Text(), nullable=False),
        sa.Column("problems", sa.Text(), nullable=False),
        sa.Column("next_steps", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_evaluations_plan_id_plans"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluations")),
        sa.UniqueConstraint("plan_id", name=op.f("uq_evaluations_plan_id")),
    )
    op.create_table(
        "evaluation_verdicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["evaluations.id"],
            name=op.f("fk_evaluation_verdicts_evaluation_id_evaluations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_evaluation_verdicts_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_verdicts")),
        sa.UniqueConstraint("evaluation_id", "task_id", name=op.f("uq_evaluation_verdicts_evaluation_id_task_id")),
    )
    op.create_index(op.f("ix_evaluation_verdicts_evaluation_id"), "evaluation_verdicts", ["evaluation_id"])
    op.create_index(op.f("ix_evaluation_verdicts_task_id"), "evaluation_verdicts", ["task_id"])


def downgrade():
    op.drop_table("evaluation_verdicts")
    op.drop_table("evaluations")
