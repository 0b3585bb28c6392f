"""The analyst web app: a read-only JSON API over the incident query model and one page.

``create_app(database_url)`` builds the FastAPI application; ``frontline serve`` runs it
under uvicorn. Every script, style and map outline the page needs is served by the app
itself, so it works with no network.
"""

from __future__ import annotations

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
