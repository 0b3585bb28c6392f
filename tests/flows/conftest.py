"""Flow tests run Prefect (test harness, ephemeral and real servers) without telemetry."""

from __future__ import annotations

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
