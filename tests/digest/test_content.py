"""build_digest: what a day's digest holds, read from a real knowledge base."""

from __future__ import annotations

import datetime as dt

import pytest

from digest.content import build_digest, scope_key
from storage.models import Article
from tests.digest.conftest import DAY, add_incident, at


def test_new_incidents_are_that_days_worst_first_without_rejected(kb) -> None:
    with kb.session() as session:
        digest = build_digest(session, DAY)
    assert [(i.force, i.place, i.severity) for i in digest.new] == [
        ("Kent Police", "Maidstone", "serious"),
        ("Essex Police", "Basildon", "injured"),
    ]
    first = digest.new[0]
    assert first.summary == (
        "Two officers were seriously injured with a blade in Maidstone (Kent Police) "
        "on Tuesday 24 November 2026."
    )
    assert [(s.outlet, s.original) for s in first.sources] == [
        ("Kent Online", True),
        ("BBC News", False),
    ]
    assert not digest.is_quiet


def test_updates_say_what_changed(kb) -> None:
    with kb.session() as session:
        digest = build_digest(session, DAY)
    (update,) = digest.updates
    assert update.incident.place == "Dover"
    assert update.severity_raised
    assert update.changes == (
        "severity raised from serious to killed",
        "first reported by BBC News",
    )


def test_counts_against_seven_and_twenty_eight_day_averages(kb) -> None:
    with kb.session() as session:
        digest = build_digest(session, DAY)
    assert digest.totals.today == 2
    assert digest.totals.avg7 == pytest.approx(3 / 7)  # Dover 3 days ago, Hackney 2 and 5 days ago
    assert digest.totals.avg28 == pytest.approx(5 / 28)
    forces = {row.label: row.today for row in digest.by_force}
    assert forces == {"Kent Police": 1, "Essex Police": 1, "Metropolitan Police Service": 0}
    assert {row.label for row in digest.by_weapon} >= {"bladed", "bodily", "spitting", "vehicle"}
    assert [row.label for row in digest.by_severity] == [
        "killed",
        "serious",
        "injured",
        "uninjured",
    ]
    assert len(digest.daily) == 28 and digest.daily[-1].count == 2
    assert digest.daily[-1].day == DAY and digest.daily[0].day == DAY - dt.timedelta(days=27)


def test_force_scope_keeps_only_that_force(kb) -> None:
    with kb.session() as session:
        essex = build_digest(session, DAY, force="Essex Police")
        both = build_digest(session, DAY, force=["Kent Police", "Essex Police"])
    assert [i.place for i in essex.new] == ["Basildon"] and not essex.updates
    assert essex.scope_key == "essex-police"
    assert len(both.new) == 2 and len(both.updates) == 1
    assert (
        both.scope_key == scope_key(["Kent Police", "Essex Police"]) == "essex-police+kent-police"
    )


def test_quiet_day(kb) -> None:
    with kb.session() as session:
        digest = build_digest(session, DAY + dt.timedelta(days=5))
    assert digest.is_quiet and digest.totals.today == 0


def test_local_day_boundaries_follow_london_time(db) -> None:
    with db.session() as session:
        # 00:30 London on 1 July is 23:30 UTC on 30 June: it belongs to 1 July's digest.
        add_incident(session, reported=at(dt.date(2026, 7, 1), 0, 30))
        june = build_digest(session, dt.date(2026, 6, 30))
        july = build_digest(session, dt.date(2026, 7, 1))
    assert not june.new and len(july.new) == 1


def test_copies_and_follow_ups_fold_under_their_source(db) -> None:
    with db.session() as session:
        incident = add_incident(
            session,
            reported=at(DAY, 6),
            articles=[
                {"outlet": "PA Media", "published": at(DAY, 6), "content_hash": "same"},
                {"outlet": "Evening Post", "published": at(DAY, 7), "content_hash": "same"},
                {
                    "outlet": "PA Media",
                    "published": at(DAY, 10),
                    "title": "Man charged after attack",
                },
            ],
        )
        later = Article(
            url_hash="x" * 64,
            canonical_url="https://other.example.org/copy",
            outlet="Daily Copy",
            title="Copied story",
            published=at(DAY, 8),
            status="extracted",
        )
        session.add(later)
        session.flush()
        original = incident.mentions[0].article
        later.duplicate_of_id = original.id
        from storage.models import Mention

        session.add(Mention(article=later, ordinal=0, incident=incident))
        session.flush()
        digest = build_digest(session, DAY)
    (item,) = digest.new
    (source,) = item.sources
    assert source.outlet == "PA Media" and source.original
    assert [(link.outlet, link.role) for link in source.also] == [
        ("Evening Post", "copy"),
        ("Daily Copy", "copy"),
        ("PA Media", "follow-up"),
    ]
    assert item.outlets == 3


def test_syndicated_urls_of_an_article_are_listed_as_copies(db) -> None:
    from storage.models import ArticleUrl

    with db.session() as session:
        incident = add_incident(session, reported=at(DAY, 6), articles=[{"outlet": "PA Media"}])
        article = incident.mentions[0].article
        session.add_all(
            [
                ArticleUrl(
                    article_id=article.id,
                    url_hash="s" * 64,
                    url="https://www.localpaper.example/news/pc-hurt",
                    kind="syndicated",
                    outlet="Local Paper",
                ),
                ArticleUrl(
                    article_id=article.id,
                    url_hash="a" * 64,
                    url="https://amp.example.org/x",
                    kind="alias",
                ),
            ]
        )
        session.flush()
        (item,) = build_digest(session, DAY).new
    (source,) = item.sources
    assert [(link.outlet, link.role, link.url) for link in source.also] == [
        ("Local Paper", "copy", "https://www.localpaper.example/news/pc-hurt")
    ]
