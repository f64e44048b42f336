"""`flask --app wsgi ...` commands: thin wrappers over the services."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from . import db, migrate
from .audit import Actor

db_cli = AppGroup("db", help="Database schema migrations (Alembic).")
users_cli = AppGroup("users", help="Accounts.")
seed_cli = AppGroup("seed", help="Demo data.")
CLI_ACTOR = Actor("command line")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: head)."""
    migrate.upgrade(db.engine, revision)


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Undo migrations down to REVISION."""
    migrate.downgrade(db.engine, revision)


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    migrate.revision(db.engine, message)


@db_cli.command("current")
def db_current() -> None:
    """Show the database's revision."""
    migrate.current(db.engine)


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["organiser", "secretariat", "delegate", "reception"]), required=True)
@click.option("--organisation", default=None, help="Organisation name (needed for delegates).")
@click.option("--name", default=None, help="Full name, when the person is new to Summit.")
def users_create(email: str, role: str, organisation: str | None, name: str | None) -> None:
    """Create an account; the password is read from standard input."""
    from .auth.models import Role
    from .auth.services import AccountError, create_user
    from .events.services import EventError

    password = (click.prompt("Password", hide_input=True) if sys.stdin.isatty() else sys.stdin.readline()).rstrip(
        "\r\n"
    )
    try:
        create_user(db.session, CLI_ACTOR, email=email, role=Role(role), password=password,
                    name=name or email.split("@")[0], organisation_name=organisation)
        db.session.commit()
    except (AccountError, EventError) as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {role} account for {email}.")


@seed_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no event yet.")
def seed_demo(if_empty: bool) -> None:
    """Load the demo summit from seeds/ (safe to run again)."""
    from seeds.loader import load_demo

    from .events.services import current_event

    if if_empty and current_event(db.session) is not None:
        click.echo("The database already has an event; demo data not loaded.")
        return
    summary = load_demo(db.session, current_app.config)
    click.echo(summary)


@seed_cli.command("sign-ins")
def seed_sign_ins() -> None:
    """Print the demo accounts (development only)."""
    from seeds.loader import demo_sign_ins

    if current_app.config["SUMMIT_ENV"] != "development":
        raise click.ClickException("Demo passwords exist only in development.")
    for role, email, password in demo_sign_ins(current_app.config):
        click.echo(f"  {role:<12} {email:<34} password: {password}")




mail_cli = AppGroup("mail", help="The outbox.")


@mail_cli.command("send")
@click.option("--loop", is_flag=True, help="Keep polling for due mail until stopped.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between polls with --loop.")
def mail_send(loop: bool, interval: float) -> None:
    """Deliver the mail that is due, then exit (or keep going with --loop)."""
    from .mail.transport import describe
    from .mail.worker import deliver_once, loop_forever

    app = current_app._get_current_object()
    if loop:
        click.echo(f"Delivering through {describe(app.config['MAIL_URL'])} every {interval:g} s; Ctrl+C stops.")
        loop_forever(app, interval)
        return
    counts = deliver_once(app)
    click.echo(f"sent {counts['sent']}, to retry {counts['retry']}, failed {counts['failed']}")


@mail_cli.command("ingest")
@click.argument("source", type=click.File("rb"), default="-")
def mail_ingest(source) -> None:
    """Apply a calendar reply email, as received (- for standard input), to the invitation it answers."""
    from .invitations.replies import ReplyRefused, ingest_reply
    from .invitations.services import InvitationError

    try:
        outcome = ingest_reply(db.session, source.read())
        db.session.commit()
    except (ReplyRefused, InvitationError) as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    click.echo(outcome)


invitations_cli = AppGroup("invitations", help="Invitations and RSVPs.")


@invitations_cli.command("erase-needs")
@click.argument("slug")
def invitations_erase_needs(slug: str) -> None:
    """Delete every delegate's dietary and access needs once the event SLUG has ended."""
    from .events.services import get_event
    from .invitations.services import InvitationError, erase_needs

    event = get_event(db.session, slug)
    if event is None:
        raise click.ClickException(f"There is no event {slug}.")
    try:
        erased = erase_needs(db.session, CLI_ACTOR, event)
    except InvitationError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"Erased the needs of {erased} delegate{'s' if erased != 1 else ''}.")


commitments_cli = AppGroup("commitments", help="Commitments follow-up.")


@commitments_cli.command("remind")
@click.option("--days", type=int, default=None, help="Remind this many days before a due date (default: config).")
def commitments_remind(days: int | None) -> None:
    """Queue reminders for commitments due soon or overdue; safe to run every hour from cron."""
    from sqlalchemy import select

    from .commitments.reminders import send_commitment_reminders
    from .events.models import Event

    days = days if days is not None else current_app.config["COMMITMENT_REMINDER_DAYS"]
    total = sum(send_commitment_reminders(db.session, event, days) for event in db.session.scalars(select(Event)))
    db.session.commit()
    click.echo(f"Queued {total} reminder{'s' if total != 1 else ''}.")


privacy_cli = AppGroup("privacy", help="Retention of personal data.")


@privacy_cli.command("purge")
def privacy_purge() -> None:
    """Delete what the retention periods say has been kept long enough; safe to run daily from cron."""
    from .privacy.retention import purge

    counts = purge(db.session, CLI_ACTOR, current_app.config)
    db.session.commit()
    click.echo(", ".join(f"{name.replace('_', ' ')}: {count}" for name, count in counts.items()))


people_cli = AppGroup("people", help="Subject access and erasure.")


@people_cli.command("export")
@click.argument("email")
def people_export(email: str) -> None:
    """Print, as JSON, everything Summit holds about the person with this EMAIL (subject access)."""
    import json

    from .events.services import find_person
    from .privacy.export import export_person

    person = find_person(db.session, email)
    if person is None:
        raise click.ClickException(f"Nobody has the email address {email}.")
    click.echo(json.dumps(export_person(db.session, person), indent=2, ensure_ascii=False))


@people_cli.command("erase")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def people_erase(email: str, yes: bool) -> None:
    """Erase the person with this EMAIL: personal data removed or replaced by 'Erased person #N'."""
    from .events.services import find_person
    from .privacy.erasure import erase_person, erasure_summary

    person = find_person(db.session, email)
    if person is None:
        raise click.ClickException(f"Nobody has the email address {email}.")
    click.echo("This will erase:\n" + "\n".join(f"  - {line}" for line in erasure_summary(db.session, person)))
    if not yes:
        click.confirm("Erase this person? This cannot be undone", abort=True)
    erase_person(db.session, CLI_ACTOR, person)
    db.session.commit()
    click.echo(f"Erased: now {person.name}.")


def init_app(app: Flask) -> None:
    for group in (db_cli, users_cli, seed_cli, mail_cli, invitations_cli, commitments_cli, privacy_cli, people_cli):
        app.cli.add_command(group)
