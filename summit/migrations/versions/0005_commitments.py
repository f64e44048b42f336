"""commitments

Revision ID: 0005_commitments
Revises: 0004_calendars
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa

from summit.db import UTCDateTime


revision = '0005_commitments'
down_revision = '0004_calendars'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('tools',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('owner_organisation_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('licence', sa.String(length=500), nullable=False),
    sa.Column('available_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('pledged', 'available', 'retired', name='tool_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_tools_event_id_events')),
    sa.ForeignKeyConstraint(['owner_organisation_id'], ['organisations.id'], name=op.f('fk_tools_owner_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tools')),
    sa.UniqueConstraint('event_id', 'name', name='uq_tools_event_name')
    )
    op.create_table('tool_adoptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tool_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('adopted_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_tool_adoptions_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['tool_id'], ['tools.id'], name=op.f('fk_tool_adoptions_tool_id_tools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tool_adoptions')),
    sa.UniqueConstraint('tool_id', 'organisation_id', name='uq_tool_adoptions_tool_organisation')
    )
    op.create_table('commitments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('expectation', sa.Enum('block_on_upload', 'stop_grooming', 'live_streaming', 'help_law_enforcement', 'share_practice', 'offer_tools_free', 'other', name='expectation', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('lead_organisation_id', sa.Integer(), nullable=False),
    sa.Column('contact_person_id', sa.Integer(), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('agreed_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('visibility', sa.Enum('public', 'participants', 'secretariat', name='commitment_visibility', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('status', sa.Enum('proposed', 'agreed', 'in_progress', 'at_risk', 'delivered', 'verified', 'withdrawn', name='commitment_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('rag', sa.Enum('red', 'amber', 'green', name='rag', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('rag_reason', sa.String(length=500), nullable=False),
    sa.Column('delivered_on', sa.Date(), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('verified_at', UTCDateTime(), nullable=True),
    sa.Column('verification_evidence', sa.Text(), nullable=False),
    sa.Column('last_reminded_on', sa.Date(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint('progress >= 0 AND progress <= 100', name=op.f('ck_commitments_progress_is_a_percentage')),
    sa.ForeignKeyConstraint(['contact_person_id'], ['people.id'], name=op.f('fk_commitments_contact_person_id_people')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_commitments_event_id_events')),
    sa.ForeignKeyConstraint(['lead_organisation_id'], ['organisations.id'], name=op.f('fk_commitments_lead_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['session_id'], ['agenda_sessions.id'], name=op.f('fk_commitments_session_id_agenda_sessions')),
    sa.ForeignKeyConstraint(['verified_by_id'], ['users.id'], name=op.f('fk_commitments_verified_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitments')),
    sa.UniqueConstraint('event_id', 'reference', name='uq_commitments_event_reference')
    )
    op.create_table('commitment_organisations',
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_commitment_organisations_commitment_id_commitments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_commitment_organisations_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('commitment_id', 'organisation_id', name=op.f('pk_commitment_organisations'))
    )
    op.create_table('milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_milestones_commitment_id_commitments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestones'))
    )
    op.create_table('progress_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('posted_at', UTCDateTime(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('proposed_status', sa.Enum('proposed', 'agreed', 'in_progress', 'at_risk', 'delivered', 'verified', 'withdrawn', name='proposed_status', native_enum=False, create_constraint=True, length=30), nullable=True),
    sa.Column('state', sa.Enum('pending', 'accepted', 'returned', name='update_state', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('review_comment', sa.Text(), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', UTCDateTime(), nullable=True),
    sa.CheckConstraint('progress >= 0 AND progress <= 100', name=op.f('ck_progress_updates_progress_is_a_percentage')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_progress_updates_author_id_users')),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_progress_updates_commitment_id_commitments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_progress_updates_reviewed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_updates'))
    )
    op.create_table('tool_commitments',
    sa.Column('tool_id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_tool_commitments_commitment_id_commitments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tool_id'], ['tools.id'], name=op.f('fk_tool_commitments_tool_id_tools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tool_id', 'commitment_id', name=op.f('pk_tool_commitments'))
    )


def downgrade() -> None:
    op.drop_table('tool_commitments')
    op.drop_table('progress_updates')
    op.drop_table('milestones')
    op.drop_table('commitment_organisations')
    op.drop_table('commitments')
    op.drop_table('tool_adoptions')
    op.drop_table('tools')
