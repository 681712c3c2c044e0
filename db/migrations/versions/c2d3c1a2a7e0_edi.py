"""remote filing through ICEGATE (issue 16, edi.md): the registered filers (EDI-2), the log of
every message received (EDI-1, EDI-4: an accepted filing unique by sender, message, job
number, job date and type) and the outbox of replies and notices

Revision ID: c2d3c1a2a7e0
Revises: c1e0d1f1e201
Create Date: 2026-12-08 10:00:00

Adds three empty tables; nothing filed before is touched.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = 'c2d3c1a2a7e0'
down_revision = 'c1e0d1f1e201'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('edifiler',
    sa.Column('icegate_id', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=15), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('registered_at', sa.DateTime(), nullable=False),
    sa.Column('registered_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('disabled_at', sa.DateTime(), nullable=True),
    sa.Column('disabled_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('disabled_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.PrimaryKeyConstraint('icegate_id')
    )
    with op.batch_alter_table('edifiler', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_edifiler_code'), ['code'], unique=False)

    op.create_table('edimessage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('body_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sender', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('message', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('control_no', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('filing_type', sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
    sa.Column('custom_house', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('location_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('job_no', sa.Integer(), nullable=True),
    sa.Column('job_date', sa.Date(), nullable=True),
    sa.Column('result', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('errors', sa.Text(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('duplicate_of', sa.Integer(), nullable=True),
    sa.Column('reply_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('reply', sa.LargeBinary(), nullable=False),
    sa.Column('doc_kind', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('doc_no', sa.Integer(), nullable=True),
    sa.Column('doc_date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['duplicate_of'], ['edimessage.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('edimessage', schema=None) as batch_op:
        batch_op.create_index('ix_edimessage_doc', ['doc_kind', 'doc_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_edimessage_location_code'), ['location_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_edimessage_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_edimessage_sha256'), ['sha256'], unique=False)
        batch_op.create_index('ux_edimessage_filing', ['sender', 'message', 'job_no', 'job_date', 'filing_type'], unique=True, sqlite_where=sa.text("result = 'ok'"), postgresql_where=sa.text("result = 'ok'"))

    op.create_table('edioutbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('receiver', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('location_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('doc_kind', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('doc_no', sa.Integer(), nullable=True),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('written_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['message_id'], ['edimessage.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('edioutbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_edioutbox_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_edioutbox_written_at'), ['written_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('edioutbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_edioutbox_written_at'))
        batch_op.drop_index(batch_op.f('ix_edioutbox_message_id'))

    op.drop_table('edioutbox')
    with op.batch_alter_table('edimessage', schema=None) as batch_op:
        batch_op.drop_index('ux_edimessage_filing', sqlite_where=sa.text("result = 'ok'"), postgresql_where=sa.text("result = 'ok'"))
        batch_op.drop_index(batch_op.f('ix_edimessage_sha256'))
        batch_op.drop_index(batch_op.f('ix_edimessage_received_at'))
        batch_op.drop_index(batch_op.f('ix_edimessage_location_code'))
        batch_op.drop_index('ix_edimessage_doc')

    op.drop_table('edimessage')
    with op.batch_alter_table('edifiler', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_edifiler_code'))

    op.drop_table('edifiler')
