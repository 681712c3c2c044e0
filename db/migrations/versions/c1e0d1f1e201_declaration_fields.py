"""declaration fields the EDI messages carry (issue 16): terms of invoice, nature of
transaction, CTX GSTIN/state/tax type, containers and seals, state and district of origin,
IGST status, taxable value and IGST per SB item, and the EDI sender on SB and BE

Revision ID: c1e0d1f1e201
Revises: b7c1d2e3f4a5
Create Date: 2026-12-08 09:00:00

Upgrades a populated database in place: every new column is empty ('' or NULL) on the
documents already filed; the container tables start empty.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import db.types


revision = 'c1e0d1f1e201'
down_revision = 'b7c1d2e3f4a5'
branch_labels = None
depends_on = None


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=False,
                     server_default='')


def upgrade() -> None:
    with op.batch_alter_table('shippingbill') as batch:
        batch.add_column(_text('gstin_type', 3))
        batch.add_column(_text('state_of_origin', 2))
        batch.add_column(_text('edi_sender', 40))
    with op.batch_alter_table('sbitem') as batch:
        batch.add_column(_text('state_of_origin', 2))
        batch.add_column(_text('district_of_origin', 6))
        batch.add_column(_text('igst_status', 3))
        batch.add_column(sa.Column('taxable_value', db.types.DecimalText(length=40),
                                   nullable=True))
        batch.add_column(sa.Column('igst_amount', db.types.DecimalText(length=40),
                                   nullable=True))
    with op.batch_alter_table('billofentry') as batch:
        batch.add_column(_text('terms_of_invoice', 3))
        batch.add_column(_text('nature_of_transaction', 1))
        batch.add_column(_text('gstin', 20))
        batch.add_column(_text('gst_state_code', 2))
        batch.add_column(_text('tax_type', 1))
        batch.add_column(_text('edi_sender', 40))

    op.create_table('sbcontainer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sb_id', sa.Integer(), nullable=False),
    sa.Column('sl', sa.Integer(), nullable=False),
    sa.Column('container_no', sqlmodel.sql.sqltypes.AutoString(length=11), nullable=False),
    sa.Column('seal_no', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('seal_type', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('size', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.ForeignKeyConstraint(['sb_id'], ['shippingbill.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sb_id', 'sl')
    )
    with op.batch_alter_table('sbcontainer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sbcontainer_sb_id'), ['sb_id'], unique=False)

    op.create_table('becontainer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('be_id', sa.Integer(), nullable=False),
    sa.Column('sl', sa.Integer(), nullable=False),
    sa.Column('container_no', sqlmodel.sql.sqltypes.AutoString(length=11), nullable=False),
    sa.Column('seal_no', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('size', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('fcl_lcl', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.ForeignKeyConstraint(['be_id'], ['billofentry.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('be_id', 'sl')
    )
    with op.batch_alter_table('becontainer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_becontainer_be_id'), ['be_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('becontainer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_becontainer_be_id'))
    op.drop_table('becontainer')
    with op.batch_alter_table('sbcontainer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sbcontainer_sb_id'))
    op.drop_table('sbcontainer')
    with op.batch_alter_table('billofentry') as batch:
        for name in ('edi_sender', 'tax_type', 'gst_state_code', 'gstin',
                     'nature_of_transaction', 'terms_of_invoice'):
            batch.drop_column(name)
    with op.batch_alter_table('sbitem') as batch:
        for name in ('igst_amount', 'taxable_value', 'igst_status', 'district_of_origin',
                     'state_of_origin'):
            batch.drop_column(name)
    with op.batch_alter_table('shippingbill') as batch:
        for name in ('edi_sender', 'state_of_origin', 'gstin_type'):
            batch.drop_column(name)
