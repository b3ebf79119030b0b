"""bulletins (通报): the period, the office's section texts, report excerpts, addressees and stored files

Revision ID: e_bulletins
Revises: d1_merge
"""

import sqlalchemy as sa
from alembic import op

revision = "e_bulletins"
down_revision = "d1_merge"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "bulletins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("period_kind", sa.String(length=10), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.Column("number_year", sa.Integer(), nullable=True),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_bulletins_created_by_id_users")),
        sa.ForeignKeyConstraint(["issued_by_id"], ["users.id"], name=op.f("fk_bulletins_issued_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulletins")),
        sa.UniqueConstraint("number_year", "number", name=op.f("uq_bulletins_number_year_number")),
        sa.UniqueConstraint("year", "period_kind", "period", name=op.f("uq_bulletins_year_period_kind_period")),
    )
    op.create_index(op.f("ix_bulletins_status"), "bulletins", ["status"])
    op.create_table(
        "bulletin_excerpts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bulletin_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bulletin_id"],
            ["bulletins.id"],
            name=op.f("fk_bulletin_excerpts_bulletin_id_bulletins"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_bulletin_excerpts_report_id_reports"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulletin_excerpts")),
        sa.UniqueConstraint("bulletin_id", "report_id", name=op.f("uq_bulletin_excerpts_bulletin_id_report_id")),
    )
    op.create_index(op.f("ix_bulletin_excerpts_bulletin_id"), "bulletin_excerpts", ["bulletin_id"])
    op.create_index(op.f("ix_bulletin_excerpts_report_id"), "bulletin_excerpts", ["report_id"])
    op.create_table(
        "bulletin_recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bulletin_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bulletin_id"],
            ["bulletins.id"],
            name=op.f("fk_bulletin_recipients_bulletin_id_bulletins"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_bulletin_recipients_department_id_departments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulletin_recipients")),
        sa.UniqueConstraint(
            "bulletin_id", "department_id", name=op.f("uq_bulletin_recipients_bulletin_id_department_id")
        ),
    )
    op.create_index(op.f("ix_bulletin_recipients_bulletin_id"), "bulletin_recipients", ["bulletin_id"])
    op.create_index(op.f("ix_bulletin_recipients_department_id"), "bulletin_recipients", ["department_id"])
    op.create_table(
        "bulletin_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bulletin_id", sa.Integer(), nullable=False),
        sa.Column("fmt", sa.String(length=10), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["bulletin_id"], ["bulletins.id"], name=op.f("fk_bulletin_files_bulletin_id_bulletins"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulletin_files")),
        sa.UniqueConstraint("bulletin_id", "fmt", name=op.f("uq_bulletin_files_bulletin_id_fmt")),
    )
    op.create_index(op.f("ix_bulletin_files_bulletin_id"), "bulletin_files", ["bulletin_id"])


def downgrade():
    op.drop_table("bulletin_files")
    op.drop_table("bulletin_recipients")
    op.drop_table("bulletin_excerpts")
    op.drop_table("bulletins")
