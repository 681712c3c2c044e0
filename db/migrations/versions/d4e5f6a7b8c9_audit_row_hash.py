"""the audit trail hashes the document rows each act leaves (issue 18 item 4)

Revision ID: d4e5f6a7b8c9
Revises: c2d3c1a2a7e0
Create Date: 2026-12-08 16:00:00

Two nullable columns on ``auditrecord``: ``rows`` (the rows a transaction wrote, one
"table:key sha256" a line) and ``row_hash`` (the hash of that text, covered by the
record's own hash). Records already in the chain keep NULL in both and keep their hashes:
``ices audit verify`` counts them as predating row hashing. Upgraded in place.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = 'd4e5f6a7b8c9'
down_revision = 'c2d3c1a2a7e0'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('auditrecord') as batch:
        batch.add_column(sa.Column('row_hash', sqlmodel.sql.sqltypes.AutoString(length=64),
                                   nullable=True))
        batch.add_column(sa.Column('rows', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('auditrecord') as batch:
        batch.drop_column('rows')
        batch.drop_column('row_hash')
