"""the document library: documents, their versions, chosen organisations and downloads per organisation

Revision ID: 0015_documents
Revises: 0010_two_factor
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa

from summit.db import UTCDateTime


revision = '0015_documents'
down_revision = '0010_two_factor'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('audience', sa.Enum('invited', 'accepted', 'organisations', 'kinds', 'staff', name='document_audience', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('organisation_kinds', sa.JSON(), nullable=False),
    sa.Column('embargo_until', UTCDateTime(), nullable=True),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_documents_event_id_events')),
    sa.ForeignKeyConstraint(['session_id'], ['agenda_sessions.id'], name=op.f('fk_documents_session_id_agenda_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index('ix_documents_event_session', ['event_id', 'session_id'], unique=False)

    op.create_table('document_downloads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('last_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_downloads_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_document_downloads_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_downloads')),
    sa.UniqueConstraint('document_id', 'organisation_id', name='uq_document_downloads_document_organisation')
    )
    op.create_table('document_organisations',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_organisations_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_document_organisations_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('document_id', 'organisation_id', name=op.f('pk_document_organisations'))
    )
    op.create_table('document_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('download_name', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=120), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_name', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint('size > 0', name=op.f('ck_document_versions_size_positive')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_versions_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_document_versions_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_versions')),
    sa.UniqueConstraint('document_id', 'number', name='uq_document_versions_document_number'),
    sa.UniqueConstraint('storage_name', name=op.f('uq_document_versions_storage_name'))
    )


def downgrade() -> None:
    op.drop_table('document_versions')
    op.drop_table('document_organisations')
    op.drop_table('document_downloads')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ix_documents_event_session')

    op.drop_table('documents')
