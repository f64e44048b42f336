"""one-time links to set a password (forgotten password, new account)

Revision ID: 0009_password_links
Revises: 0008_server_sessions
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa

from summit.db import UTCDateTime


revision = '0009_password_links'
down_revision = '0008_server_sessions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('password_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('reset', 'welcome', name='password_purpose', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('expires_at', UTCDateTime(), nullable=False),
    sa.Column('ended_at', UTCDateTime(), nullable=True),
    sa.Column('ended_reason', sa.Enum('used', 'replaced', name='link_end', native_enum=False, create_constraint=True, length=30), nullable=True),
    sa.Column('requested_from', sa.String(length=45), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_password_links_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_password_links_token_hash'))
    )
    op.create_index(op.f('ix_password_links_user_id'), 'password_links', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_password_links_user_id'), table_name='password_links')
    op.drop_table('password_links')
