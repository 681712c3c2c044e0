"""Schema migrations with Alembic, configured in code (no alembic.ini to find)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    url = engine.url.render_as_string(hide_password=False)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision, keeping all data."""
    command.upgrade(config(engine), "head")


def revision(engine: Engine, message: str) -> None:
    """Autogenerate a new revision from the tables (developers: `ices db revision`)."""
    command.revision(config(engine), message=message, autogenerate=True)
