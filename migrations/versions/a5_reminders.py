"""reminders, outbox and notifications

Revision ID: a5_reminders
Revises: c7e645b347c0
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a5_reminders'
down_revision = 'c7e645b347c0'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
