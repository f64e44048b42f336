"""Reading organisations and people for lists and choice fields: one query each, in name order."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..forms import options
from .models import Organisation, Person


def organisations(session: Session) -> list[Organisation]:
    return list(session.scalars(select(Organisation).order_by(Organisation.name)))


def organisation_choices(session: Session, *, key: str = "id", blank: str | None = None) -> list:
    """Organisations as select choices, by id (default) or by name, with an optional empty first choice."""
    pairs = [(str(getattr(o, key)), o.name) for o in organisations(session)]
    return options([("", blank), *pairs] if blank is not None else pairs)


def people_choices(session: Session) -> list:
    return options((str(p.id), f"{p.name} ({p.email})") for p in session.scalars(select(Person).order_by(Person.name)))


def people_per_organisation(session: Session) -> dict[int | None, int]:
    return dict(session.execute(select(Person.organisation_id, func.count(Person.id))
                                .group_by(Person.organisation_id)).all())
