"""indicator register with generic years, rule, owners and settings; yearly values

Revision ID: c_indicators
Revises: b2_audit_keys

value_2020 / target_2025 become baseline (2020) / target (2025) with their years, texts unchanged; the old
higher/lower column is kept as `better`, and `direction` and `rule` are read from the target text.
"""
import sqlalchemy as sa
from alembic import op

from supervision.indicators.rules import direction_of, parse_target

# revision identifiers, used by Alembic.
revision = 'c_indicators'
down_revision = 'b2_audit_keys'
branch_labels = None
depends_on = None

NEW_COLUMNS = [
    'baseline_year INTEGER NOT NULL DEFAULT 0',
    'baseline VARCHAR(100)',
    'target_year INTEGER NOT NULL DEFAULT 0',
    'target VARCHAR(100)',
    'better VARCHAR(10)',
    'rule JSON',
    "tolerance VARCHAR(12) NOT NULL DEFAULT '0'",
    'use_path BOOLEAN NOT NULL DEFAULT false',
    'owner_id INTEGER CONSTRAINT fk_indicators_owner_id_departments REFERENCES departments (id)',
]


def upgrade():
    # Plain ALTER TABLE (SQLite and PostgreSQL): recreating the table on SQLite would cascade-delete its referrers.
    for column in NEW_COLUMNS:
        op.execute(f'ALTER TABLE indicators ADD COLUMN {column}')
    conn = op.get_bind()
    rows = conn.execute(sa.text('SELECT id, value_2020, target_2025, direction FROM indicators')).all()
    table = sa.table(
        'indicators', sa.column('id'), sa.column('baseline_year'), sa.column('baseline'), sa.column('target_year'),
        sa.column('target'), sa.column('better'), sa.column('direction'), sa.column('rule', sa.JSON()),
        sa.column('tolerance'), sa.column('use_path'),
    )
    for id_, baseline, target, better in rows:
        rule = parse_target(target or '', baseline, direction=better)
        conn.execute(table.update().where(table.c.id == id_).values(
            baseline_year=2020, baseline=baseline, target_year=2025, target=target, better=better,
            direction=direction_of(target, baseline, rule), rule=rule.to_dict() if rule else None,
            tolerance='0', use_path=False,
        ))
    op.execute('ALTER TABLE indicators DROP COLUMN value_2020')
    op.execute('ALTER TABLE indicators DROP COLUMN target_2025')
    op.create_index(op.f('ix_indicators_owner_id'), 'indicators', ['owner_id'], unique=False)

    op.create_table('indicator_contributors',
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_indicator_contributors_department_id_departments')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_contributors_indicator_id_indicators'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('indicator_id', 'department_id', name=op.f('pk_indicator_contributors'))
    )
    op.create_table('indicator_years',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('province_target', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_years_indicator_id_indicators'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_years')),
    sa.UniqueConstraint('indicator_id', 'year', name=op.f('uq_indicator_years_indicator_id_year'))
    )
    with op.batch_alter_table('indicator_years', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_years_indicator_id'), ['indicator_id'], unique=False)
    op.create_table('indicator_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=100), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('qualifier', sa.String(length=2), nullable=True),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('basis_note', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('comment', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_indicator_values_entered_by_id_users')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_values_indicator_id_indicators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_indicator_values_reviewer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_values')),
    sa.UniqueConstraint('indicator_id', 'year', 'quarter', name=op.f('uq_indicator_values_indicator_id_year_quarter'))
    )
    with op.batch_alter_table('indicator_values', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_values_indicator_id'), ['indicator_id'], unique=False)


def downgrade():
    op.drop_table('indicator_values')
    op.drop_table('indicator_years')
    op.drop_table('indicator_contributors')
    op.execute('ALTER TABLE indicators ADD COLUMN value_2020 VARCHAR(100)')
    op.execute('ALTER TABLE indicators ADD COLUMN target_2025 VARCHAR(100)')
    op.execute("UPDATE indicators SET value_2020 = baseline, target_2025 = target, direction = COALESCE(better, 'higher')")
    op.drop_index(op.f('ix_indicators_owner_id'), table_name='indicators')
    keep = ('owner_id',) if op.get_bind().dialect.name == 'sqlite' else ()  # SQLite cannot drop a foreign key column
    for column in ('owner_id', 'use_path', 'tolerance', 'rule', 'better', 'target', 'target_year', 'baseline',
                   'baseline_year'):
        if column not in keep:
            op.execute(f'ALTER TABLE indicators DROP COLUMN {column}')
