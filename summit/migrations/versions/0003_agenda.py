"""agenda

Revision ID: 0003_agenda
Revises: 0002_invitations_outbox
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa

from summit.db import UTCDateTime


revision = '0003_agenda'
down_revision = '0002_invitations_outbox'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agenda_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('published_at', UTCDateTime(), nullable=False),
    sa.Column('published_by', sa.String(length=200), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_agenda_versions_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_versions')),
    sa.UniqueConstraint('event_id', 'number', name='uq_agenda_versions_event_number')
    )
    op.create_table('rooms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('notes', sa.String(length=300), nullable=False),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_rooms_capacity_positive')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_rooms_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rooms')),
    sa.UniqueConstraint('event_id', 'name', name='uq_rooms_event_name')
    )
    op.create_table('tracks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('colour', sa.String(length=7), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_tracks_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tracks')),
    sa.UniqueConstraint('event_id', 'name', name='uq_tracks_event_name')
    )
    op.create_table('agenda_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('kind', sa.Enum('keynote', 'panel', 'workshop', 'hackathon_sprint', 'break', 'social', name='session_kind', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=True),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', UTCDateTime(), nullable=False),
    sa.Column('ends_at', UTCDateTime(), nullable=False),
    sa.Column('seat_limit', sa.Integer(), nullable=True),
    sa.Column('seats_taken', sa.Integer(), nullable=False),
    sa.Column('visibility', sa.Enum('public', 'delegates', 'restricted', name='visibility', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('chatham_house', sa.Boolean(), nullable=False),
    sa.Column('materials', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', 'cancelled', name='session_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_agenda_sessions_ends_after_start')),
    sa.CheckConstraint('seats_taken >= 0 AND (seat_limit IS NULL OR seats_taken <= seat_limit)', name=op.f('ck_agenda_sessions_seats_within_limit')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_agenda_sessions_event_id_events')),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_agenda_sessions_room_id_rooms')),
    sa.ForeignKeyConstraint(['track_id'], ['tracks.id'], name=op.f('fk_agenda_sessions_track_id_tracks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_sessions'))
    )
    with op.batch_alter_table('agenda_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_agenda_sessions_event_starts_at', ['event_id', 'starts_at'], unique=False)

    op.create_table('session_organisations',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_session_organisations_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['session_id'], ['agenda_sessions.id'], name=op.f('fk_session_organisations_session_id_agenda_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'organisation_id', name=op.f('pk_session_organisations'))
    )
    op.create_table('session_speakers',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('speaker', 'moderator', name='speaker_role', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_session_speakers_person_id_people')),
    sa.ForeignKeyConstraint(['session_id'], ['agenda_sessions.id'], name=op.f('fk_session_speakers_session_id_agenda_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'person_id', name=op.f('pk_session_speakers'))
    )
    op.create_table('signups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('signed_up', 'waitlisted', name='signup_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('over_limit', sa.Boolean(), nullable=False),
    sa.Column('waitlisted_at', UTCDateTime(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_signups_person_id_people')),
    sa.ForeignKeyConstraint(['session_id'], ['agenda_sessions.id'], name=op.f('fk_signups_session_id_agenda_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signups')),
    sa.UniqueConstraint('session_id', 'person_id', name='uq_signups_session_person')
    )
    with op.batch_alter_table('signups', schema=None) as batch_op:
        batch_op.create_index('ix_signups_person', ['person_id'], unique=False)

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_agenda', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('public_agenda')

    with op.batch_alter_table('signups', schema=None) as batch_op:
        batch_op.drop_index('ix_signups_person')

    op.drop_table('signups')
    op.drop_table('session_speakers')
    op.drop_table('session_organisations')
    with op.batch_alter_table('agenda_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_agenda_sessions_event_starts_at')

    op.drop_table('agenda_sessions')
    op.drop_table('tracks')
    op.drop_table('rooms')
    op.drop_table('agenda_versions')
