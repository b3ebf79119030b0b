"""annual assessment

Revision ID: a6_assessment
Revises: a5_reminders
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a6_assessment'
down_revision = 'a5_reminders'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
