"""约谈 and 问责 records, their linked tasks and notices, and their files

Revision ID: e_accountability
Revises: d1_merge
"""

import sqlalchemy as sa
from alembic import op

revision = "e_accountability"
down_revision = "d1_merge"
branch_labels = None
depends_on = None


def _link(name: str, column: str, target: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column(column, sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["accountability_records.id"],
            name=op.f(f"fk_{name}_record_id_accountability_records"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            [column], [f"{target}.id"], name=op.f(f"fk_{name}_{column}_{target}"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("record_id", column, name=op.f(f"uq_{name}_record_id_{column}")),
    )
    op.create_index(op.f(f"ix_{name}_record_id"), name, ["record_id"])
    op.create_index(op.f(f"ix_{name}_{column}"), name, [column])


def upgrade():
    op.create_table(
        "accountability_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("people", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_accountability_records_department_id_departments")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_accountability_records_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accountability_records")),
    )
    for column in ("kind", "held_on", "department_id"):
        op.create_index(op.f(f"ix_accountability_records_{column}"), "accountability_records", [column])
    _link("accountability_tasks", "task_id", "tasks")
    _link("accountability_notices", "notice_id", "supervision_notices")
    op.create_table(
        "accountability_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["accountability_records.id"],
            name=op.f("fk_accountability_files_record_id_accountability_records"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_accountability_files_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accountability_files")),
    )
    op.create_index(op.f("ix_accountability_files_record_id"), "accountability_files", ["record_id"])


def downgrade():
    op.drop_table("accountability_files")
    op.drop_table("accountability_notices")
    op.drop_table("accountability_tasks")
    op.drop_table("accountability_records")
