"""Links in the digest: only plain http(s) URLs to a named host survive; everything else is dropped.

Article URLs are scraped, so a ``javascript:`` or ``data:`` link, or one hiding spaces,
quotes or control characters, never reaches a reader as something to click.
"""

from __future__ import annotations

import logging
from urllib.parse import quote, urlsplit, urlunsplit

logger = logging.getLogger(__name__)

_SAFE_SCHEMES = ("http", "https")
# Characters kept as they are in each URL part; the rest are percent-encoded.
_PATH_SAFE = "/%:@!$&'*+,;=-._~"
_QUERY_SAFE = "/?%:@!$&'*+,;=-._~"


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) URL with a host, tidied for use in HTML and Markdown; else None."""
    if not url:
        return None
    candidate = url.strip()
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in candidate):
        logger.debug("link dropped, control characters: %r", url)
        return None
    try:
        parts = urlsplit(candidate)
        host = parts.hostname
        port = parts.port  # raises ValueError on a bad port
    except ValueError:
        logger.debug("link dropped, unparsable: %r", url)
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not host or parts.username or parts.password:
        logger.debug("link dropped, not http(s) to a host: %r", url)
        return None
    netloc = host if port is None else f"{host}:{port}"
    if ":" in host:  # an IPv6 literal
        netloc = f"[{host}]" if port is None else f"[{host}]:{port}"
    return urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            quote(parts.path, safe=_PATH_SAFE).replace("(", "%28").replace(")", "%29"),
            quote(parts.query, safe=_QUERY_SAFE).replace("(", "%28").replace(")", "%29"),
            "",
        )
    )
