"""Alembic, driven from the app: the schema is made only by migrations."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

if TYPE_CHECKING:  # alembic (with Mako and Pygments) is imported by the command that needs it, not by every worker
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(engine), revision)


def revision(engine: Engine, message: str) -> None:
    from alembic import command

    command.revision(alembic_config(engine), message=message, autogenerate=True)


def current(engine: Engine) -> None:
    from alembic import command

    command.current(alembic_config(engine), verbose=False)
