"""Persistence: tables, engine and sessions, number series, migrations."""
