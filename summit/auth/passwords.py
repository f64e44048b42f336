"""Password hashing with argon2id: the standard parameters everywhere, cheap ones only when testing."""

from __future__ import annotations

from dataclasses import replace

from argon2 import Parameters, PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask

# "standard" is argon2-cffi's default (RFC 9106, low memory): argon2id, 64 MiB, 3 passes, 4 lanes.
# "cheap" keeps argon2id and the hash's length but does almost no work, so that tests sign in quickly;
# the configuration refuses it outside testing.
PROFILES: dict[str, Parameters] = {
    "standard": profiles.RFC_9106_LOW_MEMORY,
    "cheap": replace(profiles.RFC_9106_LOW_MEMORY, time_cost=1, memory_cost=8, parallelism=1),
}
MIN_LENGTH = 10

_profile = "standard"
_hasher = PasswordHasher.from_parameters(PROFILES[_profile])
_dummy_hashes: dict[str, str] = {}


def use_profile(name: str) -> None:
    """Hash new passwords with the named parameters (PASSWORD_HASH_PROFILE); existing hashes carry their own."""
    global _profile, _hasher
    _profile, _hasher = name, PasswordHasher.from_parameters(PROFILES[name])


def init_app(app: Flask) -> None:
    use_profile(app.config["PASSWORD_HASH_PROFILE"])


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _dummy_hash() -> str:
    """A real hash to verify against when the account does not exist, so both paths take the same time."""
    if _profile not in _dummy_hashes:
        _dummy_hashes[_profile] = _hasher.hash("summit-timing-equaliser")
    return _dummy_hashes[_profile]


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; always does the work of one verification."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, or None."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    return None
