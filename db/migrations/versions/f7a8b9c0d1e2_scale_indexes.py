"""indexes for national scale (issue 21): SBs by EGM, and the documents a custom house
released in a period (the Time Release Study)

Revision ID: f7a8b9c0d1e2
Revises: e6f7a8b9c0d1
Create Date: 2026-12-07 19:30:00

Measured at 10 million Shipping Bills and 2 million Bills of Entry (bench/bench_scale.py,
plans in bench/plans/):

- ``ix_sb_egm`` (shippingbill.egm_id): an exported SB's view lists the SBs of its EGM.
  Without the index that is a scan of every SB (SQLite walks the sb_no index; PostgreSQL
  a sequential scan), once per SB lookup.
- ``ix_sb_location_leo`` (shippingbill.location_code, leo_at): the Time Release Study
  reads the SBs given LEO at the port in the month. Without the index it takes every SB of
  the port from ``ix_sb_worklist`` and filters on leo_at.
- ``ix_be_location_ooc`` (billofentry.location_code, ooc_at): the same for the BEs given
  Out of Charge in the month, which otherwise come from ``ix_be_location_state``: every
  BE of the port out of charge.

Only indexes: upgraded in place, every row kept. On a large database the upgrade builds
them (minutes at ten million SBs; ``docs/operations.md``, upgrades).
"""
from alembic import op

revision = 'f7a8b9c0d1e2'
down_revision = 'e6f7a8b9c0d1'
branch_labels = None
depends_on = None

# (name, table, columns): read by tests/test_scale_migration.py
INDEXES = (
    ("ix_sb_egm", "shippingbill", ["egm_id"]),
    ("ix_sb_location_leo", "shippingbill", ["location_code", "leo_at"]),
    ("ix_be_location_ooc", "billofentry", ["location_code", "ooc_at"]),
)


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    analysed = sqlite and bind.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first() is not None
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
        if analysed:
            # SQLite plans with the figures ANALYZE left for the old indexes and guesses
            # a new one without figures is very selective: give it its own
            op.execute(f'ANALYZE "{name}"')


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
