"""The audit log is append-only, enforced by the database itself on both engines."""

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from summit import audit
from summit.audit import AuditEntry


def test_every_change_writes_an_entry(dbs, make_organisation):
    organisation = make_organisation("Thorn", kind="ngo", quota=3)
    entries = audit.history(dbs, "organisations", organisation.id)
    assert [e.action for e in entries] == ["organisation.create"]
    assert entries[0].after == {"name": "Thorn", "kind": "ngo", "delegate_quota": 3}
    assert entries[0].at.tzinfo is not None


@pytest.mark.parametrize(
    "statement",
    [
        update(AuditEntry).values(action="tampered"),
        delete(AuditEntry),
    ],
    ids=["update", "delete"],
)
def test_updates_and_deletes_are_refused(dbs, make_organisation, statement):
    make_organisation()
    with pytest.raises(DBAPIError, match="append-only"):
        dbs.execute(statement)
    dbs.rollback()
    assert dbs.scalar(select(func.count(AuditEntry.id))) == 1
    assert dbs.scalar(select(AuditEntry.action)) == "organisation.create"


def test_raw_sql_cannot_rewrite_history_either(dbs, make_organisation):
    make_organisation()
    with pytest.raises(DBAPIError):
        dbs.execute(text("UPDATE audit_log SET actor_label = 'someone else'"))
