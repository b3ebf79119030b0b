"""复核: appeals of published assessment results, their files; 公示 dates and 终审 on the round

Revision ID: e_appeals
Revises: d1_merge
"""

import sqlalchemy as sa
from alembic import op

revision = "e_appeals"
down_revision = "d1_merge"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=60), nullable=False),
        sa.Column("target_label", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("total_before", sa.Float(), nullable=True),
        sa.Column("total_after", sa.Float(), nullable=True),
        sa.Column("rank_before", sa.Integer(), nullable=True),
        sa.Column("rank_after", sa.Integer(), nullable=True),
        sa.Column("adjustment_id", sa.Integer(), nullable=True),
        sa.Column("filed_by_id", sa.Integer(), nullable=True),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["adjustment_id"],
            ["assessment_adjustments.id"],
            name=op.f("fk_appeals_adjustment_id_assessment_adjustments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_appeals_decided_by_id_users")),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_appeals_department_id_departments")
        ),
        sa.ForeignKeyConstraint(["filed_by_id"], ["users.id"], name=op.f("fk_appeals_filed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
    )
    op.create_index(op.f("ix_appeals_department_id"), "appeals", ["department_id"], unique=False)
    op.create_index(op.f("ix_appeals_year"), "appeals", ["year"], unique=False)
    op.create_table(
        "appeal_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appeal_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["appeal_id"], ["appeals.id"], name=op.f("fk_appeal_files_appeal_id_appeals"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["users.id"], name=op.f("fk_appeal_files_uploaded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeal_files")),
    )
    op.create_index(op.f("ix_appeal_files_appeal_id"), "appeal_files", ["appeal_id"], unique=False)
    with op.batch_alter_table("assessment_rounds") as batch:
        batch.add_column(sa.Column("publicity_from", sa.Date(), nullable=True))
        batch.add_column(sa.Column("publicity_to", sa.Date(), nullable=True))
        batch.add_column(sa.Column("final_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("assessment_rounds") as batch:
        batch.drop_column("final_at")
        batch.drop_column("publicity_to")
        batch.drop_column("publicity_from")
    op.drop_index(op.f("ix_appeal_files_appeal_id"), table_name="appeal_files")
    op.drop_table("appeal_files")
    op.drop_index(op.f("ix_appeals_year"), table_name="appeals")
    op.drop_index(op.f("ix_appeals_department_id"), table_name="appeals")
    op.drop_table("appeals")
