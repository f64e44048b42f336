"""personal access tokens for the JSON API

Revision ID: 0012_api_tokens
Revises: 0015_documents
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa

from summit.db import UTCDateTime


revision = '0012_api_tokens'
down_revision = '0015_documents'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('expires_at', UTCDateTime(), nullable=False),
    sa.Column('last_used_at', UTCDateTime(), nullable=True),
    sa.Column('revoked_at', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    op.create_index('ix_api_tokens_user_id_revoked_at', 'api_tokens', ['user_id', 'revoked_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_api_tokens_user_id_revoked_at', table_name='api_tokens')
    op.drop_table('api_tokens')
