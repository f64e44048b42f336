"""Two-factor sign-in: an authenticator app (TOTP, RFC 6238: six digits, 30-second steps) and ten one-time recovery
codes. The TOTP secret is never stored: it is derived from SECRET_KEY and a random nonce in the row, so a database
dump alone does not give it away (changing SECRET_KEY means setting up the app again). Recovery codes are stored as
HMACs keyed from SECRET_KEY. A code is accepted once: a step already used is refused. Wrong codes are throttled per
account; once throttled, even a right code waits."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from markupsafe import Markup
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from .. import audit, throttle
from ..audit import Actor
from ..clock import utcnow
from ..errors import RuleBroken
from ..tokens import new_nonce
from .models import RecoveryCode, SessionEnd, TwoFactor, User
from .passwords import verify_password
from .permissions import STAFF
from .services import SignedIn, open_session
from .sessions import Client, end_all_sessions

STEP, DIGITS, RECOVERY_COUNT = 30, 6, 10
ISSUER = "Summit"
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: codes are read off paper
WRONG_CODE = "That code is not right. Type the six digits your app shows now, or one of your recovery codes."
TOO_MANY = "Too many wrong codes for this account. Wait a few minutes and try again."


class TwoFactorError(RuleBroken):
    """A two-factor rule was broken (a wrong, reused or throttled code); the message says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="code")


@dataclass(frozen=True)
class Setup:
    """What a person needs to add Summit to an authenticator app: the secret as text, and as a QR code in SVG."""

    secret: str
    uri: str
    qr_svg: Markup


def _key(purpose: str, message: str) -> bytes:
    return hmac.new(current_app.config["SECRET_KEY"].encode(), f"{purpose}:{message}".encode(), hashlib.sha256).digest()


def secret_for(record: TwoFactor) -> str:
    """The base32 TOTP secret (160 bits) this row's nonce and the app's key make."""
    return base64.b32encode(_key("totp", record.nonce)[:20]).decode("ascii")


def required_for(user: User) -> bool:
    """Organisers and the secretariat must use two-factor sign-in where TWO_FACTOR_REQUIRED_FOR_STAFF is on."""
    return bool(current_app.config["TWO_FACTOR_REQUIRED_FOR_STAFF"]) and user.role in STAFF


def enrolment(session: Session, user: User) -> TwoFactor | None:
    return session.scalar(select(TwoFactor).where(TwoFactor.user_id == user.id))


def needs_setup(session: Session, user: User) -> bool:
    """A staff account that must use two-factor sign-in but has not set it up yet."""
    if not required_for(user):
        return False
    record = enrolment(session, user)
    return record is None or record.confirmed_at is None


def begin_setup(session: Session, actor: Actor, user: User) -> None:
    """Start (or start again) adding an authenticator app: a fresh secret, not in use until a code confirms it."""
    record = enrolment(session, user)
    if record is not None and record.confirmed_at is not None:
        raise TwoFactorError("Two-factor sign-in is already on for this account.")
    if record is None:
        record = TwoFactor(user_id=user.id)
        session.add(record)
    record.nonce, record.created_at, record.last_step = new_nonce(), utcnow(), 0
    audit.record(session, actor, "auth.two_factor_setup", user)


def setup_details(user: User, record: TwoFactor) -> Setup:
    import pyotp  # pyotp and segno are imported by the pages that use them, not by every worker
    import segno

    secret = secret_for(record)
    uri = pyotp.TOTP(secret, digits=DIGITS, interval=STEP).provisioning_uri(name=user.person.email, issuer_name=ISSUER)
    svg = segno.make(uri, error="m").svg_inline(scale=5, title="QR code to add Summit to your authenticator app")
    return Setup(" ".join(secret[i:i + 4] for i in range(0, len(secret), 4)), uri, Markup(svg))  # noqa: S704


def confirm_setup(session: Session, actor: Actor, user: User, code: str, keep_session_id: int | None,
                  now: datetime | None = None) -> list[str]:
    """Turn two-factor sign-in on with a first right code; returns the ten recovery codes (shown once). Every other
    session of the account ends: none of them passed the second step."""
    record = enrolment(session, user)
    if record is None or record.confirmed_at is not None:
        raise TwoFactorError("Start again: set up your authenticator app from the security page.")
    _check_throttle(session, user)
    if _use_totp(session, record, code, now or utcnow()) is None:
        raise _wrong(session, user)
    record.confirmed_at = now or utcnow()
    audit.record(session, actor, "auth.two_factor_on", user)
    end_all_sessions(session, actor, user, SessionEnd.REVOKED, except_id=keep_session_id)
    return new_recovery_codes(session, actor, user)


def new_recovery_codes(session: Session, actor: Actor, user: User) -> list[str]:
    """Ten new one-time recovery codes; the earlier ones stop working."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_COUNT)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=_code_hash(user, code)) for code in codes)
    audit.record(session, actor, "auth.recovery_codes_made", user)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def recovery_codes_left(session: Session, user: User) -> int:
    query = select(func.count()).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    return session.scalar(query) or 0


def turn_off(session: Session, actor: Actor, user: User, password: str) -> str:
    """Switch two-factor sign-in off (with the password), unless the account's role requires it."""
    if required_for(user):
        raise RuleBroken("Organisers and the secretariat must use two-factor sign-in here.", field="password")
    if not verify_password(user.password_hash, password):
        raise RuleBroken("That is not your password.", field="password")
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.execute(delete(TwoFactor).where(TwoFactor.user_id == user.id))
    audit.record(session, actor, "auth.two_factor_off", user)
    return "Two-factor sign-in is off."


def reset_two_factor(session: Session, actor: Actor, user: User) -> str:
    """An organiser switches off someone's two-factor sign-in (a lost phone and lost codes); their sessions end, and
    where staff must use it they set it up again at their next sign-in."""
    if actor.user_id == user.id:
        raise RuleBroken("Turn off your own two-factor sign-in from your security page.")
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.execute(delete(TwoFactor).where(TwoFactor.user_id == user.id))
    audit.record(session, actor, "auth.two_factor_reset", user)
    end_all_sessions(session, actor, user, SessionEnd.REVOKED)
    return f"Two-factor sign-in is off for {user.person.name}; they are signed out everywhere."


def check_second_factor(session: Session, user: User, code: str, now: datetime | None = None) -> str:
    """The second step of a sign-in: an authenticator code (each used once) or a recovery code (each used once).
    Returns which was used; raises TwoFactorError for a wrong code (the failure is committed) or while throttled."""
    now = now or utcnow()
    _check_throttle(session, user)
    record = enrolment(session, user)
    if record is None or record.confirmed_at is None:
        raise TwoFactorError(WRONG_CODE)
    if _use_totp(session, record, code, now) is not None:
        return "authenticator"
    if _use_recovery_code(session, user, code, now):
        return "recovery code"
    raise _wrong(session, user)


def finish_sign_in(session: Session, user: User, code: str, client: Client, via: str) -> SignedIn:
    """The second step passed: the sign-in's session (the caller commits); raises TwoFactorError."""
    method = check_second_factor(session, user, code)
    return open_session(session, user, client, via=f"{via} and {method}")


def _limits(user: User) -> list[tuple[str, str]]:
    return [("two-factor-account", str(user.id))]


def _check_throttle(session: Session, user: User) -> None:
    window = timedelta(seconds=current_app.config["TWO_FACTOR_FAILURE_WINDOW_SECONDS"])
    try:
        throttle.check(session, _limits(user), current_app.config["TWO_FACTOR_FAILURE_LIMIT"], window)
    except throttle.Throttled:
        raise TwoFactorError(TOO_MANY) from None


def _wrong(session: Session, user: User) -> TwoFactorError:
    """Count a wrong code against the account and keep the count whatever the caller does next; the error to raise."""
    throttle.hit(session, _limits(user))
    audit.record(session, Actor.of(user), "auth.two_factor_failed", user)
    session.commit()
    return TwoFactorError(WRONG_CODE)


def _use_totp(session: Session, record: TwoFactor, code: str, now: datetime) -> int | None:
    """The step of a right authenticator code not used before (now marked used), or None. One step either side of
    now is accepted, for clocks that differ a little."""
    import pyotp

    code = re.sub(r"\s", "", code)
    if not re.fullmatch(rf"\d{{{DIGITS}}}", code):
        return None
    totp, current = pyotp.TOTP(secret_for(record), digits=DIGITS, interval=STEP), int(now.timestamp()) // STEP
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.at(step * STEP), code):
            used = session.execute(  # a step at or before the last one used is a replay
                update(TwoFactor).where(TwoFactor.id == record.id, TwoFactor.last_step < step).values(last_step=step)
                .execution_options(synchronize_session=False)).rowcount
            return step if used == 1 else None
    return None


def _code_hash(user: User, code: str) -> str:
    return _key("recovery", f"{user.id}:{code}").hex()


def _use_recovery_code(session: Session, user: User, code: str, now: datetime) -> bool:
    normal = re.sub(r"[\s-]", "", code).lower()
    if not re.fullmatch(rf"[{CODE_ALPHABET}]{{10}}", normal):
        return False
    used = session.execute(
        update(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _code_hash(user, normal),
                                   RecoveryCode.used_at.is_(None)).values(used_at=now)
        .execution_options(synchronize_session=False)).rowcount
    return used == 1
