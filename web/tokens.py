"""Bearer tokens of the analyst API: created, listed, revoked, checked.

A token is shown once, when it is created; the database keeps only the SHA-256 of it,
so a copy of the database gives nobody access to the API.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontline.errors import InputError
from storage.models import ApiToken, utcnow

logger = logging.getLogger(__name__)

TOKEN_BYTES = 32
MAX_NAME = 100


@dataclass(frozen=True)
class TokenInfo:
    """A token's name and dates (never its secret)."""

    name: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None

    @property
    def active(self) -> bool:
        """True until the token is revoked."""
        return self.revoked_at is None


def hash_token(secret: str) -> str:
    """The hex SHA-256 of a token, as stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(session: Session, name: str) -> str:
    """Make a new token called ``name`` and return its secret (shown only this once).

    Raises InputError when the name is empty, too long, or already used by a token
    that is still active; a revoked token's name may be reused, the revoked one staying in
    the list as "NAME (revoked DATE)".
    """
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise InputError(f"token name {name!r} must be 1 to {MAX_NAME} characters")
    existing = session.scalars(select(ApiToken).where(ApiToken.name == name)).first()
    if existing is not None and existing.revoked_at is None:
        raise InputError(f"token {name!r} already exists: revoke it first or choose another name")
    secret = secrets.token_urlsafe(TOKEN_BYTES)
    if existing is not None:  # keep the revoked token listed, under its revocation date
        existing.name = f"{name} (revoked {existing.revoked_at:%Y-%m-%d %H:%M:%S})"[-MAX_NAME:]
        session.flush()
    session.add(ApiToken(name=name, token_hash=hash_token(secret)))
    session.flush()
    logger.info("created API token %s", name)
    return secret


def revoke_token(session: Session, name: str) -> None:
    """Revoke the active token called ``name``; InputError when there is none."""
    token = session.scalars(
        select(ApiToken).where(ApiToken.name == name, ApiToken.revoked_at.is_(None))
    ).first()
    if token is None:
        raise InputError(f"no active token called {name!r}")
    token.revoked_at = utcnow()
    logger.info("revoked API token %s", name)


def list_tokens(session: Session) -> list[TokenInfo]:
    """Every token, active or revoked, oldest first."""
    tokens = session.scalars(select(ApiToken).order_by(ApiToken.created_at, ApiToken.id))
    return [TokenInfo(t.name, t.created_at, t.revoked_at) for t in tokens]


def verify_token(session: Session, secret: str) -> str | None:
    """The name of the active token whose secret is ``secret``, or None."""
    if not secret or len(secret) > 200:
        return None
    return session.scalars(
        select(ApiToken.name).where(ApiToken.token_hash == hash_token(secret), ApiToken.revoked_at.is_(None))
    ).first()
