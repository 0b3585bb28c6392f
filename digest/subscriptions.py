"""Who receives the digest: add, list and remove subscribers, with their forces and alert choice.

A subscriber with no forces gets the national digest; one with forces gets only those
forces' incidents. Force names are checked against the 48 UK forces of
``nlp/data/forces.jsonl`` (names or aliases, any case) and stored as canonical names.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontline.errors import InputError
from nlp.gazetteer import force_for_name
from storage.models import Subscriber

logger = logging.getLogger(__name__)

_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)


@dataclass(frozen=True)
class SubscriberInfo:
    """A subscriber as the CLI and the flows see it."""

    email: str
    forces: tuple[str, ...]
    alerts: bool

    @property
    def scope(self) -> str:
        """ "National" or the forces, e.g. "Kent Police, Essex Police"."""
        return ", ".join(self.forces) if self.forces else "National"


def canonical_force(name: str) -> str:
    """The canonical name of force ``name`` (or an alias); :class:`InputError` if it is no UK force."""
    found = force_for_name(name)
    if found is None:
        raise InputError(
            f"{name!r} is not one of the 48 UK police forces "
            "(e.g. 'Kent Police', 'Metropolitan Police Service', 'Police Scotland')"
        )
    return found


def normalise_email(address: str) -> str:
    """``address`` trimmed, its domain lower-cased; :class:`InputError` if it is no email address."""
    address = address.strip()
    if not _EMAIL.match(address) or len(address) > 320:
        raise InputError(f"{address!r} is not an email address")
    local, _, domain = address.rpartition("@")
    return f"{local}@{domain.lower()}"


def _info(subscriber: Subscriber) -> SubscriberInfo:
    return SubscriberInfo(subscriber.email, tuple(subscriber.forces or ()), subscriber.alerts)


def add_subscriber(
    session: Session, email: str, forces: Iterable[str] = (), *, alerts: bool = True
) -> tuple[SubscriberInfo, bool]:
    """Subscribe ``email`` (national when ``forces`` is empty); update them if already there.

    Returns the subscriber and whether they are new.
    """
    address = normalise_email(email)
    canonical = sorted({canonical_force(f) for f in forces})
    subscriber = session.scalars(select(Subscriber).where(Subscriber.email == address)).first()
    created = subscriber is None
    if subscriber is None:
        subscriber = Subscriber(email=address)
        session.add(subscriber)
    subscriber.forces = canonical
    subscriber.alerts = alerts
    session.flush()
    logger.info(
        "%s subscriber %s (%s)", "added" if created else "updated", address, canonical or "national"
    )
    return _info(subscriber), created


def remove_subscriber(session: Session, email: str) -> bool:
    """Unsubscribe ``email`` and forget their deliveries; False if they were not subscribed."""
    address = normalise_email(email)
    subscriber = session.scalars(select(Subscriber).where(Subscriber.email == address)).first()
    if subscriber is None:
        return False
    session.delete(subscriber)
    session.flush()
    logger.info("removed subscriber %s", address)
    return True


def list_subscribers(session: Session) -> list[SubscriberInfo]:
    """Every subscriber, by email address."""
    return [_info(s) for s in session.scalars(select(Subscriber).order_by(Subscriber.email))]
