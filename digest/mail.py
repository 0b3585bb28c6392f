"""Email: build multipart messages (plain text, HTML, inline PNG) and hand them to SMTP.

Every message is ``multipart/alternative``: a ``text/plain`` part, then a
``multipart/related`` part holding the HTML and its inline images, referenced from the
HTML as ``cid:`` URLs. Sending goes through :mod:`smtplib` with the ``smtp_*`` settings,
retrying a refused or failed send a few times with a growing delay.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from digest.content import Digest, IncidentItem
from digest.render import chart_png, render_html, render_text
from digest.wording import format_day, one_line
from frontline.errors import DeliveryError
from frontline.settings import Settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class InlineImage:
    """A PNG shown inside the HTML; the HTML refers to it as ``cid:{cid}``."""

    cid: str
    png: bytes
    filename: str


def new_cid(settings: Settings, name: str) -> str:
    """A fresh Content-ID (without angle brackets) on the sender's domain."""
    domain = settings.smtp_from.rpartition("@")[2] or "frontline.invalid"
    return make_msgid(idstring=name, domain=domain)[1:-1]


UNSUBSCRIBE_TEXT = (
    "\n\nYou receive this because you subscribed to frontline. To stop, or to change what you "
    "receive, write to {sender} (a reply to this message reaches it).\n")
UNSUBSCRIBE_HTML = (
    '<p style="font-size:12px;color:#555">You receive this because you subscribed to frontline. '
    'To stop, or to change what you receive, write to <a href="mailto:{sender}">{sender}</a> '
    "(a reply to this message reaches it).</p>")


def compose(
    settings: Settings,
    to: str,
    subject: str,
    text: str,
    html: str,
    images: Sequence[InlineImage] = (),
) -> EmailMessage:
    """A multipart/alternative message from ``settings.smtp_from`` to ``to``."""
    message = EmailMessage()
    message["Subject"] = one_line(subject, 200)
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=settings.smtp_from.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message["List-Unsubscribe"] = f"<mailto:{settings.smtp_from}?subject=unsubscribe%20{to}>"
    message.set_content(text + UNSUBSCRIBE_TEXT.format(sender=settings.smtp_from))
    message.add_alternative(html.replace("</body>", UNSUBSCRIBE_HTML.format(
        sender=settings.smtp_from) + "</body>", 1), subtype="html")
    html_part = message.get_payload()[1]  # type: ignore[index]
    assert isinstance(html_part, EmailMessage)
    for image in images:
        html_part.add_related(
            image.png,
            maintype="image",
            subtype="png",
            cid=f"<{image.cid}>",
            filename=image.filename,
            disposition="inline",
        )
    return message


def digest_subject(digest: Digest) -> str:
    """E.g. "Attacks on police: 2 new, 1 update, Tuesday 24 November 2026 (Kent Police)",
    led by the gravest news: "Attacks on police: officer killed in Leyton; 3 new, ...". """
    if digest.is_quiet:
        summary = "a quiet day"
    else:
        summary = f"{len(digest.new)} new"
        if digest.updates:
            summary += f", {len(digest.updates)} update{'s' if len(digest.updates) != 1 else ''}"
    lead = gravest_phrase(digest.gravest)
    return (f"Attacks on police: {lead + '; ' if lead else ''}{summary}, "
            f"{format_day(digest.day)} ({digest.scope})")


def gravest_phrase(items: Sequence[IncidentItem]) -> str:
    """"officer killed in Leyton", "2 attacks with officers seriously injured" ... or ""."""
    parts = []
    for severity, words in (("killed", "killed"), ("serious", "seriously injured")):
        found = [i for i in items if i.severity == severity]
        if len(found) == 1:
            officers = found[0].officers or 1
            who = "officer" if officers == 1 else f"{officers} officers"
            where = f" in {found[0].place}" if found[0].place else ""
            parts.append(f"{who} {words}{where}")
        elif found:
            parts.append(f"{len(found)} attacks with officers {words}")
    return ", ".join(parts)


def digest_message(digest: Digest, settings: Settings, to: str) -> EmailMessage:
    """The digest as an email to ``to``, its chart attached inline."""
    cid = new_cid(settings, "chart")
    html = render_html(digest, chart_src=f"cid:{cid}")
    image = InlineImage(cid=cid, png=chart_png(digest), filename=f"incidents-{digest.day}.png")
    return compose(settings, to, digest_subject(digest), render_text(digest), html, [image])


def send(message: EmailMessage, settings: Settings) -> None:
    """Hand ``message`` to the SMTP server once; :class:`DeliveryError` naming the recipient if refused."""
    recipient = message["To"]
    if not settings.smtp_host:
        raise DeliveryError(f"{recipient}: no SMTP server configured (set FRONTLINE_SMTP_HOST)")
    host, port = settings.smtp_host, settings.smtp_port
    try:
        smtp_class = smtplib.SMTP_SSL if port == 465 else smtplib.SMTP
        with smtp_class(host, port, timeout=settings.smtp_timeout) as smtp:
            if settings.smtp_starttls and port != 465:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            refused = smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        reasons = "; ".join(
            f"{code} {reply.decode('utf-8', 'replace') if isinstance(reply, bytes) else reply}"
            for code, reply in exc.recipients.values()
        )
        raise DeliveryError(
            f"{recipient}: SMTP {host}:{port} refused the recipient: {reasons}"
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(
            f"{recipient}: SMTP {host}:{port} did not take the message: {exc}"
        ) from exc
    if refused:
        raise DeliveryError(f"{recipient}: SMTP {host}:{port} refused the recipient: {refused}")
    logger.debug("sent %r to %s", message["Subject"], recipient)


def send_with_retries(
    message: EmailMessage, settings: Settings, *, sleep: Callable[[float], None] = time.sleep
) -> int:
    """Send ``message``, retrying ``settings.smtp_retries`` times with doubling delays.

    Returns the number of attempts made; raises the last :class:`DeliveryError` when all fail.
    """
    attempts = 1 + max(settings.smtp_retries, 0)
    for attempt in range(1, attempts + 1):
        try:
            send(message, settings)
            return attempt
        except DeliveryError as exc:
            if not settings.smtp_host:
                raise  # nothing to retry against
            if attempt == attempts:
                raise DeliveryError(f"{exc} (after {attempt} attempts)") from exc
            delay = settings.smtp_retry_delay * 2 ** (attempt - 1)
            logger.warning(
                "send failed (attempt %d of %d), retrying in %.1fs: %s",
                attempt,
                attempts,
                delay,
                exc,
            )
            sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover
