"""security: lockouts, two-factor, password history

Revision ID: a7_security
Revises: a6_assessment
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7_security'
down_revision = 'a6_assessment'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
