"""Where document files live: one directory (DOCUMENTS_DIR, by default instance/documents), random names, no
execute bit. A file written in a transaction that rolls back is removed; a file of a deleted version is removed only
once the deletion commits."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

WRITTEN, DOOMED = "summit_documents_written", "summit_documents_doomed"
NAME = re.compile(r"^[0-9a-f]{32}$")


def directory() -> Path:
    configured = current_app.config.get("DOCUMENTS_DIR")
    path = Path(configured) if configured else Path(current_app.instance_path) / "documents"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def store(session: Session, data: bytes) -> str:
    """Write `data` under a new random name (owner read/write only) and return the name."""
    session.connection()  # begin the transaction now, so that its end (commit or not) decides the file's fate
    name = secrets.token_hex(16)
    descriptor = os.open(directory() / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    session.info.setdefault(WRITTEN, []).append(name)
    return name


def path_of(name: str) -> Path:
    if not NAME.match(name):
        raise ValueError("not a document file name")
    return directory() / name


def remove_on_commit(session: Session, names: list[str]) -> None:
    session.info.setdefault(DOOMED, []).extend(names)


def _unlink(names: list[str]) -> None:
    for name in names:
        path_of(name).unlink(missing_ok=True)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop(WRITTEN, None)
    _unlink(session.info.pop(DOOMED, []))


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended without a commit: its new files go
        _unlink(session.info.pop(WRITTEN, []))
        session.info.pop(DOOMED, None)
