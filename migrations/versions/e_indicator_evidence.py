"""Indicators: evidence files of a yearly value

Revision ID: e_indicator_evidence
Revises: d1_merge
"""

import sqlalchemy as sa
from alembic import op

revision = "e_indicator_evidence"
down_revision = "d1_merge"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "indicator_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value_id", sa.Integer(), nullable=False),
        sa.Column("uploader_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["value_id"],
            ["indicator_values.id"],
            name=op.f("fk_indicator_evidence_value_id_indicator_values"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["uploader_id"], ["users.id"], name=op.f("fk_indicator_evidence_uploader_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_evidence")),
    )
    op.create_index(op.f("ix_indicator_evidence_value_id"), "indicator_evidence", ["value_id"])
    op.create_index(op.f("ix_indicator_evidence_sha256"), "indicator_evidence", ["sha256"])


def downgrade():
    op.drop_table("indicator_evidence")
