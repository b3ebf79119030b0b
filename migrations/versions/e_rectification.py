"""整改: rectification items, their steps and their answers' files

Revision ID: e_rectification
Revises: d1_merge
"""

import sqlalchemy as sa
from alembic import op

revision = "e_rectification"
down_revision = "d1_merge"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rectifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("source_kind", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("source_label", sa.String(length=300), nullable=False),
        sa.Column("requirement", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("escalated_on", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_rectifications_department_id_departments")
        ),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_rectifications_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectifications")),
        sa.UniqueConstraint("year", "number", name=op.f("uq_rectifications_year_number")),
    )
    for column in ("year", "department_id", "source_kind", "deadline", "state"):
        op.create_index(op.f(f"ix_rectifications_{column}"), "rectifications", [column])
    op.create_table(
        "rectification_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rectification_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["rectification_id"],
            ["rectifications.id"],
            name=op.f("fk_rectification_steps_rectification_id_rectifications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_rectification_steps_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectification_steps")),
    )
    op.create_index(op.f("ix_rectification_steps_rectification_id"), "rectification_steps", ["rectification_id"])
    op.create_table(
        "rectification_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rectification_id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["rectification_id"],
            ["rectifications.id"],
            name=op.f("fk_rectification_files_rectification_id_rectifications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["step_id"],
            ["rectification_steps.id"],
            name=op.f("fk_rectification_files_step_id_rectification_steps"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_rectification_files_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectification_files")),
    )
    op.create_index(op.f("ix_rectification_files_rectification_id"), "rectification_files", ["rectification_id"])


def downgrade():
    op.drop_table("rectification_files")
    op.drop_table("rectification_steps")
    op.drop_table("rectifications")
