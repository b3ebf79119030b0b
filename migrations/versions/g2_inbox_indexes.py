"""Reports: a partial index of the reports waiting for review, in the review inbox's order (issue 20)

Revision ID: g2_inbox_indexes
Revises: g1_task_target_rule
"""

import sqlalchemy as sa
from alembic import op

revision = "g2_inbox_indexes"
down_revision = "g1_task_target_rule"
branch_labels = None
depends_on = None

WAITING = sa.text("status IN ('submitted', 'pending_review')")


def upgrade():
    op.create_index(
        "ix_reports_waiting",
        "reports",
        ["status", "submitted_at", "id"],
        postgresql_where=WAITING,
        sqlite_where=WAITING,
    )


def downgrade():
    op.drop_index("ix_reports_waiting", table_name="reports")
