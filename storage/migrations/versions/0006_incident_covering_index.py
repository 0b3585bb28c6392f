"""Covering incident index (force, date, review_status, officers) for analyst counts and stats

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 18:30:48.473066
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = '0006'
down_revision: str | Sequence[str] | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain index operations (no batch mode): SQLite must not rebuild incident and lose its FTS triggers.
    op.drop_index('ix_incident_force_date', table_name='incident')
    op.create_index('ix_incident_force_covering', 'incident', ['force', 'date', 'review_status', 'officers'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_incident_force_covering', table_name='incident')
    op.create_index('ix_incident_force_date', 'incident', ['force', 'date'], unique=False)
