"""Column types: exact decimals on every backend.

SQLite has no exact decimal type (its NUMERIC affinity stores a float), so
quantities, rates and foreign-currency values are kept as canonical decimal
text. Rupee amounts are integer paise (``BigInteger``) so they can be summed in SQL.
"""

from decimal import Decimal

from sqlalchemy import String
from sqlalchemy.types import TypeDecorator


class DecimalText(TypeDecorator):
    """A ``Decimal`` stored as its exact text, e.g. ``'82.35'``."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return format(Decimal(value), "f")

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value)
