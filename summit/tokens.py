"""Personal link tokens: 256 bits from `secrets`, stored only as a SHA-256 hash; secrets derived from the app's key."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

TOKEN_BYTES = 32
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_token() -> tuple[str, str]:
    """(token for the link, hash for the database)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def well_formed(token: str) -> bool:
    return bool(TOKEN_SHAPE.match(token))


def new_nonce() -> str:
    """A random value to derive a secret from; not a secret by itself."""
    return secrets.token_hex(16)


def derive_secret(key: str, purpose: str, nonce: str) -> str:
    """128 bits, hex: the same every time for this key, purpose and nonce, so nothing secret need be stored."""
    return hmac.new(key.encode("utf-8"), f"{purpose}:{nonce}".encode(), hashlib.sha256).hexdigest()[:32]
