"""speed: a per-event feed version for cheap conditional GETs; outbox messages prepared as wire bytes when queued

Revision ID: 0018_speed
Revises: 0017_real_use
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa

from summit.db import UTCDateTime


revision = '0018_speed'
down_revision = '0017_real_use'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('events') as batch:
        batch.add_column(sa.Column('feed_version', sa.Integer(), server_default='0', nullable=False))
        batch.add_column(sa.Column('feed_changed_at', UTCDateTime(), nullable=True))
    with op.batch_alter_table('outbox') as batch:
        batch.add_column(sa.Column('prepared', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('outbox') as batch:
        batch.drop_column('prepared')
    with op.batch_alter_table('events') as batch:
        batch.drop_column('feed_changed_at')
        batch.drop_column('feed_version')
