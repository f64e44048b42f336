"""real use: extra live invitation links (reminders) and ended links that can say why

Revision ID: 0017_real_use
Revises: 0011_series
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa

from summit.db import UTCDateTime


revision = '0017_real_use'
down_revision = '0011_series'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('invitation_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('ended_at', UTCDateTime(), nullable=True),
    sa.Column('ended_because', sa.Enum('replaced', 'passed_on', name='invitation_link_end', native_enum=False,
                                       create_constraint=True, length=30), nullable=True),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_invitation_links_invitation_id_invitations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_links_token_hash'))
    )
    op.create_index(op.f('ix_invitation_links_invitation_id'), 'invitation_links', ['invitation_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_invitation_links_invitation_id'), table_name='invitation_links')
    op.drop_table('invitation_links')
