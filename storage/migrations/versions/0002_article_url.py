"""article_url: extra and syndicated URLs of one article

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 18:10:34.898663
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('article_url',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('url_hash', sa.String(length=64), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('outlet', sa.String(length=200), nullable=True),
    sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_article_url_article_id_article'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_url')),
    sa.UniqueConstraint('url_hash', name=op.f('uq_article_url_url_hash'))
    )
    with op.batch_alter_table('article_url', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_url_article_id'), ['article_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('article_url', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_url_article_id'))

    op.drop_table('article_url')
