"""The digest stage: the morning digest for police press offices, its archive, and urgent alerts.

The public API, for the CLI and the Prefect flows:

- :func:`build_digest` reads a day's digest from the knowledge base;
- :func:`render` turns it into Markdown, HTML or text; :func:`write_archive` keeps it on disk;
- :func:`publish_digests` archives and mails every subscriber's digest once;
- :func:`send_pending_alerts` mails the alerts due (officer killed or seriously hurt, spikes).
"""

from __future__ import annotations

import logging

from digest.alerts import AlertReport, send_pending_alerts
from digest.archive import write_archive
from digest.content import Digest, build_digest
from digest.delivery import DigestReport, publish_digests
from digest.render import render

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "AlertReport",
    "Digest",
    "DigestReport",
    "build_digest",
    "publish_digests",
    "render",
    "send_pending_alerts",
    "write_archive",
]
