"""calendars

Revision ID: 0004_calendars
Revises: 0003_agenda
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa

from summit.db import UTCDateTime


revision = '0004_calendars'
down_revision = '0003_agenda'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feed_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.Enum('my_agenda', 'commitments', name='feed_scope', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('revoked_at', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_feed_tokens_event_id_events')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_feed_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_feed_tokens_token_hash'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sequence', sa.Integer(), nullable=False, server_default='0'))
        # A constant default lets SQLite add the column in place (no table rebuild); then the real values.
        batch_op.add_column(sa.Column('updated_at', UTCDateTime(), nullable=False,
                                      server_default='2000-01-01 00:00:00'))
    op.execute("UPDATE events SET updated_at = created_at")



def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
        batch_op.drop_column('sequence')

    op.drop_table('feed_tokens')
