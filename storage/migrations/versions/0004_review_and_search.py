"""review_action, incident_correction (analyst decisions) and full-text search

Adds the audit log of analyst decisions and the fields they corrected, and the
full-text indexes over article titles/texts and incident summaries: SQLite FTS5
tables ``fts_article``/``fts_incident`` kept in sync by triggers, PostgreSQL GIN
indexes over ``to_tsvector('english', ...)``. The FTS objects are named ``fts_*``
and left out of autogenerate by ``env.py``. A later batch migration that rebuilds
``article`` or ``incident`` on SQLite drops their triggers and must recreate them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 18:15:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = '0004'
down_revision: str | Sequence[str] | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_FTS = [
    "CREATE VIRTUAL TABLE fts_article USING fts5(title, text, content='article', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER fts_article_insert AFTER INSERT ON article BEGIN "
    "INSERT INTO fts_article(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER fts_article_delete AFTER DELETE ON article BEGIN "
    "INSERT INTO fts_article(fts_article, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER fts_article_update AFTER UPDATE OF title, text ON article BEGIN "
    "INSERT INTO fts_article(fts_article, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO fts_article(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "INSERT INTO fts_article(fts_article) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE fts_incident USING fts5(summary, location, force, content='incident', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER fts_incident_insert AFTER INSERT ON incident BEGIN "
    "INSERT INTO fts_incident(rowid, summary, location, force) "
    "VALUES (new.id, new.summary, new.location, new.force); END",
    "CREATE TRIGGER fts_incident_delete AFTER DELETE ON incident BEGIN "
    "INSERT INTO fts_incident(fts_incident, rowid, summary, location, force) "
    "VALUES ('delete', old.id, old.summary, old.location, old.force); END",
    "CREATE TRIGGER fts_incident_update AFTER UPDATE OF summary, location, force ON incident BEGIN "
    "INSERT INTO fts_incident(fts_incident, rowid, summary, location, force) "
    "VALUES ('delete', old.id, old.summary, old.location, old.force); "
    "INSERT INTO fts_incident(rowid, summary, location, force) "
    "VALUES (new.id, new.summary, new.location, new.force); END",
    "INSERT INTO fts_incident(fts_incident) VALUES ('rebuild')",
]
_SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS fts_article_insert",
    "DROP TRIGGER IF EXISTS fts_article_delete",
    "DROP TRIGGER IF EXISTS fts_article_update",
    "DROP TABLE IF EXISTS fts_article",
    "DROP TRIGGER IF EXISTS fts_incident_insert",
    "DROP TRIGGER IF EXISTS fts_incident_delete",
    "DROP TRIGGER IF EXISTS fts_incident_update",
    "DROP TABLE IF EXISTS fts_incident",
]
# Must match the expressions of storage/search.py, or the planner ignores the index.
_POSTGRES_FTS = [
    "CREATE INDEX fts_article_document ON article USING GIN (to_tsvector('english', "
    "left(coalesce(title, '') || ' ' || coalesce(text, ''), 200000)))",
    "CREATE INDEX fts_incident_document ON incident USING GIN (to_tsvector('english', "
    "coalesce(summary, '') || ' ' || coalesce(location, '') || ' ' || coalesce(force, '')))",
]
_POSTGRES_FTS_DROP = [
    "DROP INDEX IF EXISTS fts_article_document",
    "DROP INDEX IF EXISTS fts_incident_document",
]


def upgrade() -> None:
    op.create_table('review_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=True),
    sa.Column('old_value', sa.JSON(), nullable=False),
    sa.Column('new_value', sa.JSON(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('by', sa.String(length=100), nullable=False),
    sa.Column('at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_action'))
    )
    with op.batch_alter_table('review_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_action_incident_id'), ['incident_id'], unique=False)

    op.create_table('incident_correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('by', sa.String(length=100), nullable=False),
    sa.Column('at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], name=op.f('fk_incident_correction_incident_id_incident'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_correction')),
    sa.UniqueConstraint('incident_id', 'field', name=op.f('uq_incident_correction_incident_id'))
    )

    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": _SQLITE_FTS, "postgresql": _POSTGRES_FTS}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": _SQLITE_FTS_DROP, "postgresql": _POSTGRES_FTS_DROP}.get(dialect, []):
        op.execute(statement)
    op.drop_table('incident_correction')
    with op.batch_alter_table('review_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_action_incident_id'))

    op.drop_table('review_action')
