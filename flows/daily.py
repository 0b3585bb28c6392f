"""``daily``: the whole pipeline in one run, poll → crawl → extract and resolve → alerts → digest."""

from __future__ import annotations

from typing import Any

from prefect import Task, flow, get_run_logger
from prefect.artifacts import create_table_artifact
from prefect.client.schemas.objects import State

from flows.crawl import crawl_queued_task
from flows.database import count_rows_task, prepare_database_task
from flows.extract import extract_pending_task
from flows.poll import poll_feeds_task
from flows.publish import publish_digest_task, send_alerts_task
from flows.runtime import run_settings


class StepsFailed(RuntimeError):
    """Some steps of a daily run failed (the others ran): names each step and why."""


def _describe(step: str, result: dict[str, Any] | None) -> str:
    if result is None:
        return "failed (see the task run's log)"
    if step == "poll":
        return (f"{result['queued']} queued of {result['entries_seen']} entries, "
                f"{result['feeds_failed']} feed(s) failed")
    if step == "crawl":
        return (f"{result['stored']} stored of {result['requested']}, "
                f"{result['skipped']} skipped, {result['failed']} failed")
    if step == "extract":
        return (f"{result['read']} read, {result['relevant']} relevant, {result['mentions']} "
                f"mention(s); {result['new_incidents']} new incident(s), "
                f"{result['incidents_updated']} updated")
    if step == "alerts":
        return f"{result['alerts']} alert(s), {result['sent']} sent, {result['pending']} pending"
    if step == "digest":
        return f"{result['day']}: {result['new']} new, {result['updated']} updated"
    return str(result)


@flow(name="daily")
def daily(
    database_url: str | None = None,
    feeds_file: str | None = None,
    day: str | None = None,
    send: bool = False,
) -> dict[str, Any]:
    """Poll the feeds, crawl the new articles, extract and resolve incidents, alert, digest.

    Each step reads what the earlier ones left in the knowledge base, so a failed step
    does not stop the next (the crawl still fetches what earlier polls queued); the run
    fails at the end, naming the failed steps. A rerun finishes what a stopped run left.

    Args:
        database_url: SQLAlchemy URL of the knowledge base; default FRONTLINE_DATABASE_URL.
        feeds_file: YAML list of sources to poll; default FRONTLINE_FEEDS_FILE or the bundled list.
        day: Day of the digest, e.g. 2026-11-25; default today in FRONTLINE_TIMEZONE.
        send: Mail alerts and the digest (needs FRONTLINE_SMTP_HOST); off by default.
    """
    logger = get_run_logger()
    settings = run_settings(database_url, feeds_file)
    url = prepare_database_task(settings.resolved_database_url)
    before = count_rows_task(url)
    failed: list[str] = []

    def step(name: str, task: Task[..., dict[str, Any]], *args: Any) -> dict[str, Any] | None:
        state: State = task(*args, return_state=True)  # type: ignore[assignment]
        if state.is_completed():
            return state.result()
        failed.append(f"{name}: {state.message}")
        logger.error("step %s failed: %s", name, state.message)
        return None

    results = {
        "poll": step("poll", poll_feeds_task, url, feeds_file),
        "crawl": step("crawl", crawl_queued_task, url),
        "extract": step("extract", extract_pending_task, url),
        "alerts": step("alerts", send_alerts_task, url, send),
        "digest": step("digest", publish_digest_task, url, day, send),
    }
    after = count_rows_task(url)
    create_table_artifact(
        key="daily-summary",
        table=[{"step": name, "result": _describe(name, result)} for name, result in results.items()]
        + [{"step": "knowledge base", "result": f"{after['articles']} article(s), "
            f"{after['incidents']} incident(s)"}],
        description="What the daily run did.",
    )
    summary: dict[str, Any] = {**results, "before": before, "after": after, "failed": failed}
    logger.info(
        "daily run: %d article(s), %d incident(s) in the knowledge base (%+d, %+d)",
        after["articles"], after["incidents"],
        after["articles"] - before["articles"], after["incidents"] - before["incidents"],
    )
    if failed:
        raise StepsFailed("; ".join(failed))
    return summary
