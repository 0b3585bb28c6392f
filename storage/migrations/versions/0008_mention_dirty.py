"""Mentions carry a ``dirty`` flag, and an index on (force, date), so that resolution
reads only what changed and what is near it

Incident resolution used to re-cluster every mention on every run. Now a run reads the
mentions stored or changed since the last one (``dirty``), the mentions near them (same
force, close in time or place) and the incidents those belong to, and leaves the rest of
the knowledge base alone. Existing rows start dirty, so the first run after the upgrade
places everything once.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 09:30:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | Sequence[str] | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch mode): SQLite must not rebuild the table.
    op.add_column('article_incident', sa.Column('dirty', sa.Boolean(), server_default=sa.true(), nullable=False))
    op.create_index(op.f('ix_article_incident_dirty'), 'article_incident', ['dirty'], unique=False)
    op.create_index('ix_article_incident_force_date', 'article_incident', ['force', 'date'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_article_incident_force_date', table_name='article_incident')
    op.drop_index(op.f('ix_article_incident_dirty'), table_name='article_incident')
    op.drop_column('article_incident', 'dirty')
