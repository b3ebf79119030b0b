"""merge the plan-life domains

Revision ID: d1_merge
Revises: c_api_tokens, c_evaluations, c_indicators, c_observability
Create Date: 2026-12-02 16:49:50.427660

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd1_merge'
down_revision = ('c_api_tokens', 'c_evaluations', 'c_indicators', 'c_observability')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
