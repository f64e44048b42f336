"""Configuration in one place: defaults -> instance/config.py -> environment -> test overrides."""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .auth.passwords import PROFILES

ENV_KEYS = ("SECRET_KEY", "DATABASE_URL", "MAIL_URL", "BASE_URL", "SUMMIT_ENV", "MAIL_FROM", "MAIL_IMAP_URL", "PORT",
            "TRUSTED_HOSTS", "PROXY_FIX_X_FOR", "DOCUMENTS_DIR")
WEAK_KEYS = {"", "dev", "secret", "changeme", "change-me", "development"}
MIN_SECRET_LENGTH = 32
# A placeholder such as 32 x "a" is long but guessable. At least 10 distinct characters and no run of 8 refuse such
# keys while accepting the keys `secrets.token_urlsafe()` and `secrets.token_hex()` make (asking for 16 distinct
# characters would refuse a quarter of token_hex()'s keys: they have only 16 characters to draw from).
MIN_SECRET_DISTINCT = 10
MAX_SECRET_RUN = 7
HSTS = "max-age=63072000; includeSubDomains"


class ConfigError(RuntimeError):
    """The configuration cannot run safely."""


def defaults(instance_path: str) -> dict[str, Any]:
    """Settings that work on a fresh machine in development."""
    return {
        "SUMMIT_ENV": "development",
        "DATABASE_URL": f"sqlite:///{Path(instance_path) / 'summit.db'}",
        "MAIL_URL": f"file://{Path(instance_path) / 'mail'}",
        "MAIL_FROM": "Summit <summit@localhost>",
        "PORT": 5000,  # `make run` serves here; in development BASE_URL follows it unless BASE_URL is set
        "BASE_URL": None,  # development and testing: http://127.0.0.1:PORT; production must set it
        "TRUSTED_HOSTS": None,  # None: BASE_URL's host (and localhost in development); off in testing
        "PROXY_FIX_X_FOR": 0,  # how many proxies in front set X-Forwarded-For/-Proto (0: none)
        "STRICT_TRANSPORT_SECURITY": None,  # None: HSTS for two years in production, none elsewhere
        "SECRET_KEY": None,
        "MAIL_BACKGROUND": None,  # None: on in development, off elsewhere
        "MAIL_TIMEOUTS": {},  # seconds per SMTP stage, e.g. {"data_end": 900}; unset stages follow RFC 5321
        "LOGIN_FAILURE_LIMIT": 10,
        "LOGIN_FAILURE_WINDOW_SECONDS": 15 * 60,
        "SESSION_IDLE_SECONDS": 8 * 3600,  # a sign-in not used for this long ends
        "STAFF_SESSION_IDLE_SECONDS": 8 * 3600,  # an organiser's or the secretariat's, when shorter than that
        "SESSION_ABSOLUTE_SECONDS": 7 * 24 * 3600,  # and every sign-in ends this long after it began
        "SIGN_IN_LINK_SECONDS": 15 * 60,  # an emailed one-time sign-in link works this long
        "SIGN_IN_LINK_LIMIT": 3,  # links asked for per address, and per email, within the next window
        "SIGN_IN_LINK_WINDOW_SECONDS": 15 * 60,
        "PASSWORD_LINK_SECONDS": 3600,  # "Forgot your password?": the emailed link works this long
        "NEW_ACCOUNT_LINK_SECONDS": 3 * 24 * 3600,  # a new account's link to set its first password
        "PASSWORD_LINK_LIMIT": 3,  # password links asked for per address, and per email, within the next window
        "PASSWORD_LINK_WINDOW_SECONDS": 15 * 60,
        "TOOL_REQUEST_LIMIT": 5,  # requests for a tool from the public, per address and per email, in the window
        "TOOL_REQUEST_WINDOW_SECONDS": 60 * 60,
        "TWO_FACTOR_REQUIRED_FOR_STAFF": None,  # None: required in production, not in development or testing
        "TWO_FACTOR_FAILURE_LIMIT": 5,  # wrong codes per account within the window, then even a right code waits
        "TWO_FACTOR_FAILURE_WINDOW_SECONDS": 15 * 60,
        "TWO_FACTOR_PENDING_SECONDS": 5 * 60,  # how long after the password the code may come
        "CAPABILITY_MISS_LIMIT": 20,  # unknown RSVP, feed or sign-in links one address may try in the window
        "CAPABILITY_MISS_WINDOW_SECONDS": 15 * 60,
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
        "SHOW_DEMO_BANNER": True,
        "COMMITMENT_REMINDER_DAYS": 14,
        # The document library (summit/documents): uploads may be this large; only their routes accept more than
        # MAX_CONTENT_LENGTH, and only this much (plus room for the form's other fields)
        "DOCUMENT_MAX_BYTES": 25 * 1024 * 1024,
        "DOCUMENTS_DIR": None,  # None: instance/documents
        "DOCUMENT_MAX_UNZIPPED_BYTES": 200 * 1024 * 1024,  # an Office file may expand to at most this much
        "DOCUMENT_MAX_ZIP_RATIO": 100,  # and by at most this factor (zip bombs)
        "DOCUMENT_UPDATED_DAYS": 7,  # delegates see "Updated" on a document replaced this recently
        "API_RATE_LIMIT": 600,  # requests one API token may make within the window
        "API_RATE_WINDOW_SECONDS": 60,
        "INVITATION_REMINDER_SKIP_DAYS": 3,  # people invited more recently are not reminded yet
        "CACHE_MAX_BYTES": 32 * 1024 * 1024,  # each worker's cache of feeds, calendar parts and report bodies
        # Retention (`flask privacy purge`, daily from cron); see README "Privacy and retention"
        "RETENTION_MAIL_BODY_DAYS": 30,  # bodies of sent emails (recipient, subject and status stay)
        "RETENTION_NEEDS_DAYS": 30,  # dietary and access needs, counted from the end of the event
        "RETENTION_DECLINED_DAYS": 90,  # declined invitees' personal data, counted from the end of the event
        "RETENTION_SIGN_IN_DAYS": 30,  # sign-in attempts, ended sessions, expired and revoked links
        "RETENTION_TOOL_REQUEST_DAYS": 90,  # who asked for a tool from outside the summit, and why
        "PASSWORD_HASH_PROFILE": None,  # None: "cheap" when testing, else "standard" (see summit/auth/passwords.py)
    }


def load(instance_path: str, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Merge every layer, in order, and check the result."""
    config = defaults(instance_path)
    config.update(_from_instance_file(Path(instance_path) / "config.py"))
    config.update({key: os.environ[key] for key in ENV_KEYS if os.environ.get(key)})
    config.update(overrides or {})
    config["SQLALCHEMY_DATABASE_URL"] = normalise_database_url(config["DATABASE_URL"])
    _finish(config, instance_path)
    return config


def normalise_database_url(url: str) -> str:
    """Accept the common `postgres://` spellings and route them to psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _from_instance_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    namespace: dict[str, Any] = {"__file__": str(path)}
    exec(compile(path.read_text(), str(path), "exec"), namespace)  # noqa: S102 - the operator's own file
    return {key: value for key, value in namespace.items() if key.isupper()}


def _finish(config: dict[str, Any], instance_path: str) -> None:
    env = config["SUMMIT_ENV"]
    if env not in ("development", "production", "testing"):
        raise ConfigError(f"SUMMIT_ENV must be development, production or testing, not {env!r}")
    production = env == "production"
    config["PORT"] = _whole_number(config, "PORT")
    config["PROXY_FIX_X_FOR"] = _whole_number(config, "PROXY_FIX_X_FOR")
    if production:
        if weak_secret(config.get("SECRET_KEY") or ""):
            raise ConfigError(
                f"SUMMIT_ENV=production needs a SECRET_KEY of at least {MIN_SECRET_LENGTH} random characters, "
                "not a word or a repeated pattern; "
                "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
        if not config.get("BASE_URL"):
            raise ConfigError("SUMMIT_ENV=production needs BASE_URL, the public https address of this site")
        config["SHOW_DEMO_BANNER"] = False
        config["SESSION_COOKIE_NAME"] = "__Host-session"  # the browser keeps it to this host, Secure, Path=/
        if config["STRICT_TRANSPORT_SECURITY"] is None:
            config["STRICT_TRANSPORT_SECURITY"] = HSTS
    elif not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _development_key(Path(instance_path))
    _choose_password_hashing(config, env)
    if config["TWO_FACTOR_REQUIRED_FOR_STAFF"] is None:
        config["TWO_FACTOR_REQUIRED_FOR_STAFF"] = production
    config["SESSION_COOKIE_SECURE"] = production
    config["REMEMBER_COOKIE_SECURE"] = production
    config["BASE_URL"] = (config["BASE_URL"] or f"http://127.0.0.1:{config['PORT']}").rstrip("/")
    config["TRUSTED_HOSTS"] = _trusted_hosts(config, env)
    if config["MAIL_BACKGROUND"] is None:
        config["MAIL_BACKGROUND"] = env == "development"


def weak_secret(key: str) -> bool:
    """True for a missing, short or well-known key, or a patterned one: too few distinct characters, a long run of
    one character, or one piece repeated ("password" * 4)."""
    longest_run = max((len(list(run)) for _, run in itertools.groupby(key)), default=0)
    repeated = key in (key + key)[1:-1]
    return (key.lower() in WEAK_KEYS or len(key) < MIN_SECRET_LENGTH or len(set(key)) < MIN_SECRET_DISTINCT
            or longest_run > MAX_SECRET_RUN or repeated)


def _whole_number(config: dict[str, Any], name: str) -> int:
    try:
        value = int(config[name])
    except (TypeError, ValueError):
        value = -1
    if value < 0:
        raise ConfigError(f"{name} must be a whole number, not {config[name]!r}")
    return value


def _trusted_hosts(config: dict[str, Any], env: str) -> list[str] | None:
    """The Host names this site answers to: a request for any other gets 400 (None: any host, as in testing)."""
    hosts = config["TRUSTED_HOSTS"]
    if isinstance(hosts, str):
        return [host.strip() for host in hosts.split(",") if host.strip()]
    if hosts is not None or env == "testing":
        return hosts
    own = urlsplit(config["BASE_URL"]).hostname
    return list(dict.fromkeys([own or "localhost"] + (["127.0.0.1", "localhost"] if env == "development" else [])))


def _choose_password_hashing(config: dict[str, Any], env: str) -> None:
    profile = config["PASSWORD_HASH_PROFILE"] or ("cheap" if env == "testing" else "standard")
    if profile not in PROFILES:
        raise ConfigError(f"PASSWORD_HASH_PROFILE must be one of {', '.join(PROFILES)}, not {profile!r}")
    if profile == "cheap" and env != "testing":
        raise ConfigError("PASSWORD_HASH_PROFILE='cheap' is for tests only: it makes stolen hashes easy to crack")
    config["PASSWORD_HASH_PROFILE"] = profile


def _development_key(instance: Path) -> str:
    """Make a random key once and keep it in instance/, so sessions survive restarts."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
