"""the examining officer an SB is marked to (acts as data: only they examine it)

Revision ID: b7c1d2e3f4a5
Revises: 9ff7edf1a968
Create Date: 2026-12-07 12:00:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = 'b7c1d2e3f4a5'
down_revision = '9ff7edf1a968'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('shippingbill') as batch:
        batch.add_column(sa.Column('marked_to', sqlmodel.sql.sqltypes.AutoString(length=40),
                                   nullable=False, server_default=''))
    op.execute("UPDATE shippingbill SET marked_to = COALESCE((SELECT g.examiner FROM "
               "goodsregistration g WHERE g.sb_id = shippingbill.id), '')")


def downgrade() -> None:
    with op.batch_alter_table('shippingbill') as batch:
        batch.drop_column('marked_to')
