"""Configuration in one place: defaults -> instance/config.py -> environment -> test overrides."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ENV_KEYS = ("SECRET_KEY", "DATABASE_URL", "MAIL_URL", "BASE_URL", "SUMMIT_ENV", "MAIL_FROM", "MAIL_IMAP_URL")
WEAK_KEYS = {"", "dev", "secret", "changeme", "change-me", "development"}
MIN_SECRET_LENGTH = 32


class ConfigError(RuntimeError):
    """The configuration cannot run safely."""


def defaults(instance_path: str) -> dict[str, Any]:
    """Settings that work on a fresh machine in development."""
    return {
        "SUMMIT_ENV": "development",
        "DATABASE_URL": f"sqlite:///{Path(instance_path) / 'summit.db'}",
        "MAIL_URL": f"file://{Path(instance_path) / 'mail'}",
        "MAIL_FROM": "Summit <summit@localhost>",
        "BASE_URL": "http://127.0.0.1:5000",
        "SECRET_KEY": None,
        "MAIL_BACKGROUND": None,  # None: on in development, off elsewhere
        "LOGIN_FAILURE_LIMIT": 10,
        "LOGIN_FAILURE_WINDOW_SECONDS": 15 * 60,
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
        "SHOW_DEMO_BANNER": True,
        "COMMITMENT_REMINDER_DAYS": 14,
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
    if production:
        key = config.get("SECRET_KEY") or ""
        if key.lower() in WEAK_KEYS or len(key) < MIN_SECRET_LENGTH:
            raise ConfigError(
                f"SUMMIT_ENV=production needs a SECRET_KEY of at least {MIN_SECRET_LENGTH} random characters; "
                "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
        if config.get("BASE_URL") in (None, "", defaults(instance_path)["BASE_URL"]):
            raise ConfigError("SUMMIT_ENV=production needs BASE_URL, the public https address of this site")
        config["SHOW_DEMO_BANNER"] = False
    elif not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _development_key(Path(instance_path))
    _choose_password_hashing(config, env)
    config["SESSION_COOKIE_SECURE"] = production
    config["REMEMBER_COOKIE_SECURE"] = production
    config["BASE_URL"] = config["BASE_URL"].rstrip("/")
    if config["MAIL_BACKGROUND"] is None:
        config["MAIL_BACKGROUND"] = env == "development"


def _choose_password_hashing(config: dict[str, Any], env: str) -> None:
    from .auth.passwords import PROFILES

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
