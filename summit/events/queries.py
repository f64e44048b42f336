"""Reading organisations and people for lists and choice fields: one query each, in name order."""

from __future__ import annotations

from sqlalchemy import func, or_, select
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


def search_people(session: Session, text: str, limit: int = 20) -> tuple[list[Person], int]:
    """People whose name, email or organisation contains `text`, in name order: the first `limit`, and how many."""
    like = f"%{text.strip().lower()}%"
    query = (select(Person).outerjoin(Organisation, Person.organisation_id == Organisation.id)
             .where(or_(func.lower(Person.name).like(like), func.lower(Person.email).like(like),
                        func.lower(Organisation.name).like(like))))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    return list(session.scalars(query.order_by(func.lower(Person.name)).limit(limit))), total
