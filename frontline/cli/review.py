"""``frontline review``: analysts confirm, reject, merge, split and correct incidents."""

from __future__ import annotations

import getpass
import json
from typing import Annotated, Any

import typer
from rich.table import Table

from frontline.cli._common import handle_errors, out

review_app = typer.Typer(
    help="Review incidents: every decision is logged with who and when, and survives reruns.",
    no_args_is_help=True,
)


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "unknown"


By = Annotated[
    str | None,
    typer.Option("--by", help="Analyst name recorded in the audit log, e.g. jsmith (default: your login)."),
]
Note = Annotated[str | None, typer.Option("--note", help="Why, in a few words, e.g. 'same attack'.")]


def _run(action: Any) -> Any:
    from storage.database import open_database

    db = open_database(create=False)
    try:
        with db.session() as session:
            return action(session)
    finally:
        db.dispose()


@review_app.command("show")
def show(
    incident_id: Annotated[int, typer.Argument(min=1, max=2**31 - 1, help="Incident id, e.g. 12.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Print an incident with its sources, their evidence, why each joined, and its review log."""
    from storage.review import incident_detail

    with handle_errors():
        detail = _run(lambda session: incident_detail(session, incident_id))
        if as_json:
            out.print_json(json.dumps(_detail_json(detail), default=str))
            return
        _print_detail(detail)


def _detail_json(detail: Any) -> dict[str, Any]:
    incident = detail.incident
    return {
        "id": incident.id,
        "summary": incident.summary,
        "review_status": incident.review_status,
        "fields": {
            name: getattr(incident, name)
            for name in ("force", "location", "latitude", "longitude", "date", "weapons",
                         "officers", "severity", "first_reported", "last_reported", "outlet_count")
        },
        "evidence": incident.evidence,
        "sources": [vars(source) for source in detail.sources],
        "corrections": [{"field": c.field, **c.value, "by": c.by, "at": c.at} for c in detail.corrections],
        "history": [
            {"action": a.action, "field": a.field, "old": a.old_value, "new": a.new_value,
             "by": a.by, "at": a.at, "note": a.note}
            for a in detail.history
        ],
    }


def _print_detail(detail: Any) -> None:
    incident = detail.incident
    out.print(f"[bold]Incident {incident.id}[/bold] ({incident.review_status}): {incident.summary}")
    fields = Table("field", "value", "evidence", title="Fields", title_justify="left")
    for name in ("force", "location", "date", "weapons", "officers", "severity"):
        value = getattr(incident, name)
        shown = ", ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
        evidence = incident.evidence.get(name) or {}
        if "corrected_by" in evidence:
            said = f"corrected by {evidence['corrected_by']} at {evidence['at']}"
        elif evidence:
            said = f"article {evidence.get('article_id')}: {evidence.get('text') or ''}"
        else:
            said = ""
        fields.add_row(name, shown, said)
    out.print(fields)
    out.print(
        f"reported {incident.first_reported:%Y-%m-%d} to {incident.last_reported:%Y-%m-%d} "
        f"by {incident.outlet_count} outlet(s)" if incident.first_reported else "",
        highlight=False,
    )
    sources = Table("mention", "article", "outlet", "published", "read", "why here", title="Sources", title_justify="left")
    for source in detail.sources:
        read = "; ".join(
            f"{k}={', '.join(v) if isinstance(v, list) else v}" for k, v in source.fields.items() if v not in (None, [])
        )
        sources.add_row(
            str(source.mention_id),
            f"{source.article_id}: {source.title}\n{source.url}",
            source.outlet or "",
            f"{source.published:%Y-%m-%d}" if source.published else "",
            read,
            _why(source.match),
        )
    out.print(sources)
    if detail.history:
        history = Table("when", "who", "action", "change", "note", title="Review log", title_justify="left")
        for action in detail.history:
            change = f"{action.field or ''} {action.old_value} -> {action.new_value}".strip()
            history.add_row(f"{action.at:%Y-%m-%d %H:%M}", action.by, action.action, change, action.note or "")
        out.print(history)


def _why(match: dict[str, Any]) -> str:
    rule = match.get("rule", "")
    if rule == "merged":
        other = match.get("with", {})
        parts = ", ".join(f"{k} {v:.2f}" for k, v in match.get("components", {}).items())
        return f"merged with article {other.get('article_id')} (score {match.get('score')}: {parts})"
    if rule == "new":
        nearest = match.get("nearest")
        if nearest:
            reason = nearest.get("veto") or f"score {nearest.get('score')} below threshold"
            return f"new: nearest article {nearest.get('article_id')} ({reason})"
        return "new: no similar report"
    if rule == "analyst merge":
        return f"analyst merge (review action {match.get('review_action')})"
    return rule


@review_app.command("confirm")
def confirm(
    incident_id: Annotated[int, typer.Argument(min=1, max=2**31 - 1, help="Incident id, e.g. 12.")], by: By = None, note: Note = None
) -> None:
    """Confirm an incident: a real attack on police, correctly gathered."""
    from storage.review import confirm_incident

    with handle_errors():
        _run(lambda s: confirm_incident(s, incident_id, by=by or _default_user(), note=note))
        out.print(f"incident {incident_id} confirmed")


@review_app.command("reject")
def reject(
    incident_id: Annotated[int, typer.Argument(min=1, max=2**31 - 1, help="Incident id, e.g. 12.")], by: By = None, note: Note = None
) -> None:
    """Reject an incident (not an attack on police): hidden from queries, kept rejected on reruns."""
    from storage.review import reject_incident

    with handle_errors():
        _run(lambda s: reject_incident(s, incident_id, by=by or _default_user(), note=note))
        out.print(f"incident {incident_id} rejected")


@review_app.command("merge")
def merge(
    keep_id: Annotated[int, typer.Argument(min=1, max=2**31 - 1, help="Incident to keep, e.g. 12.")],
    other_id: Annotated[int, typer.Argument(min=1, max=2**31 - 1, help="Incident merged into it, e.g. 15.")],
    by: By = None,
    note: Note = None,
) -> None:
    """Merge incident OTHER_ID into KEEP_ID: the same attack, reported as two."""
    from storage.review import merge_incidents

    with handle_errors():
        _run(lambda s: merge_incidents(s, keep_id, other_id, by=by or _default_user(), note=note))
        out.print(f"incident {other_id} merged into {keep_id}")


@review_app.command("split")
def split(
    mention_id: Annotated[int, typer.Argument(help="Mention id (see review show), e.g. 31.")],
    by: By = None,
    note: Note = None,
) -> None:
    """Take one article's mention out of its incident into a new incident of its own."""
    from storage.review import split_mention

    with handle_errors():
        new_id = _run(lambda s: split_mention(s, mention_id, by=by or _default_user(), note=note).id)
        out.print(f"mention {mention_id} is now incident {new_id}")


@review_app.command("correct")
def correct(
    incident_id: Annotated[int, typer.Argument(min=1, max=2**31 - 1, help="Incident id, e.g. 12.")],
    field: Annotated[str, typer.Argument(help="force, location, date, weapons, officers or severity.")],
    value: Annotated[
        str, typer.Argument(help="New value, e.g. 2019-08-08, 'bladed,bodily', 2, serious; 'none' to clear.")
    ],
    by: By = None,
    note: Note = None,
) -> None:
    """Set a field of an incident; the correction wins over extraction on every rerun."""
    from storage.review import correct_incident

    with handle_errors():
        _run(lambda s: correct_incident(s, incident_id, field, value, by=by or _default_user(), note=note))
        out.print(f"incident {incident_id}: {field} set to {value}")


def register(app: typer.Typer) -> None:
    """Add ``frontline review`` to the root command."""
    app.add_typer(review_app, name="review")
