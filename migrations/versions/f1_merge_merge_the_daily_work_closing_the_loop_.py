"""merge the daily-work, closing-the-loop, channel and district domains

Revision ID: f1_merge
Revises: e_account_activation, e_accountability, e_appeals, e_bulletins, e_channels, e_district_local_tasks, e_indicator_evidence, e_outcomes, e_rectification, e_reminder_flood
Create Date: 2026-12-02 19:03:09.771758

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "f1_merge"
down_revision = (
    "e_account_activation",
    "e_accountability",
    "e_appeals",
    "e_bulletins",
    "e_channels",
    "e_district_local_tasks",
    "e_indicator_evidence",
    "e_outcomes",
    "e_rectification",
    "e_reminder_flood",
)
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
