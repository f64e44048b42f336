"""per-invitation calendar UIDs with a secret (stored hashed) and the last calendar reply applied

Revision ID: 0007_itip_reply_secret
Revises: 0006_audit_truncate
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa

from summit.db import UTCDateTime


revision = '0007_itip_reply_secret'
down_revision = '0006_audit_truncate'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_nonce', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('calendar_uid_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('calendar_reply_sequence', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('calendar_reply_stamp', UTCDateTime(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_invitations_calendar_uid_hash'), ['calendar_uid_hash'])


def downgrade() -> None:
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_invitations_calendar_uid_hash'), type_='unique')
        batch_op.drop_column('calendar_reply_stamp')
        batch_op.drop_column('calendar_reply_sequence')
        batch_op.drop_column('calendar_uid_hash')
        batch_op.drop_column('calendar_nonce')
