"""Canonical URLs: one spelling per article, so that a story is stored once.

:func:`canonicalize_url` returns ``None`` (never raises) for anything that is not an
``http``/``https`` URL with a host (``javascript:``, ``data:``, ``mailto:``, relative
paths, garbage). Callers skip such links with a logged reason.

Rules, in order:

- surrounding whitespace and control characters are removed;
- scheme and host are lowercased; a default port, user info and the fragment are dropped;
- AMP and mobile copies map to the main page: hosts ``amp.``/``m.``/``mobile.`` lose that
  label, a lone ``amp`` path segment is removed (``/news/amp/uk-1`` → ``/news/uk-1``), and
  the ``amp``/``outputType=amp`` query flags are dropped;
- tracking parameters (``utm_*``, ``fbclid``, ``gclid``, ``mc_cid``, ``ocid``, ``cmpid``,
  ``at_*`` …) are dropped and the remaining query is sorted;
- an empty path becomes ``/``; any other path loses its trailing slash (``/a/b/`` → ``/a/b``),
  because outlets serve both spellings of the same article.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_MOBILE_LABELS = ("amp.", "m.", "mobile.")
_TRACKING_EXACT = frozenset(
    {
        "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "ocid", "cmpid", "cmp", "_ga", "_gl", "ito", "sr_share", "smid",
        "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee",
        "amp", "outputtype", "__twitter_impression", "s_cid", "wt.mc_id", "xtor",
    }
)
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_")


def _is_tracking(name: str, value: str) -> bool:
    lowered = name.lower()
    if lowered == "outputtype" and value.lower() != "amp":
        return False
    return lowered in _TRACKING_EXACT or lowered.startswith(_TRACKING_PREFIXES)


def _canonical_host(host: str) -> str:
    host = host.rstrip(".")
    for label in _MOBILE_LABELS:
        if host.startswith(label) and host.count(".") >= 2:
            return host[len(label):]
    return host


def _canonical_path(path: str) -> str:
    segments = [s for s in path.split("/") if s.lower() != "amp"]
    path = "/".join(segments)
    path = re.sub(r"/{2,}", "/", path)
    if not path.startswith("/"):
        path = "/" + path
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    # Re-quote consistently: decode what was needlessly escaped, escape what must be.
    return quote(unquote(path), safe="/:@!$&'()*+,;=-._~%")


def canonicalize_url(url: str) -> str | None:
    """The canonical spelling of ``url``, or ``None`` when it is not a usable http(s) URL.

    >>> canonicalize_url("HTTPS://M.Example.co.uk/news/amp/story-1/?utm_source=x&b=2&a=1#top")
    'https://example.co.uk/news/story-1?a=1&b=2'
    """
    if not isinstance(url, str):
        return None
    cleaned = _CONTROL.sub("", url.strip())
    try:
        parts = urlsplit(cleaned)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in ("http", "https") or not host or " " in host:
        return None
    host = _canonical_host(host)
    netloc = host
    if port is not None and port != {"http": 80, "https": 443}[scheme]:
        netloc = f"{host}:{port}"
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(name, value)
    ]
    query.sort()
    return urlunsplit((scheme, netloc, _canonical_path(parts.path), urlencode(query), ""))


def url_host(url: str) -> str:
    """The lowercased host of ``url`` ('' when there is none)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
