"""Social Welfare Surcharge exemptions by tariff item (issue 17 item 7): the
``swsexemption`` directory, and on each BE item the SWS rate applied and the notification
that set it

Revision ID: e6f7a8b9c0d1
Revises: d4e5f6a7b8c9
Create Date: 2026-12-07 19:00:00

Upgrades a populated database in place: the directory starts empty (``ices init`` loads
``fixtures/reference/sws_exemptions.csv`` into it); items already assessed keep their SWS
amounts, and their rate is the general 10 % wherever they paid SWS (nothing else was
possible before this revision), nil elsewhere, with no notification.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import db.types


revision = 'e6f7a8b9c0d1'
down_revision = 'd4e5f6a7b8c9'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('swsexemption',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notification', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('sl', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('tariff_item', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('sws_pct', db.types.DecimalText(length=40), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('swsexemption') as batch:
        batch.create_index('ix_swsexemption_item', ['tariff_item', 'effective_from'],
                           unique=False)
    with op.batch_alter_table('beitem') as batch:
        batch.add_column(sa.Column('sws_rate', db.types.DecimalText(length=40), nullable=True))
        batch.add_column(sa.Column('sws_notification',
                                   sqlmodel.sql.sqltypes.AutoString(length=40),
                                   nullable=False, server_default=''))
    op.execute("UPDATE beitem SET sws_rate = CASE WHEN sws_paise > 0 THEN '10' ELSE '0' END")


def downgrade() -> None:
    with op.batch_alter_table('beitem') as batch:
        batch.drop_column('sws_notification')
        batch.drop_column('sws_rate')
    with op.batch_alter_table('swsexemption') as batch:
        batch.drop_index('ix_swsexemption_item')
    op.drop_table('swsexemption')
