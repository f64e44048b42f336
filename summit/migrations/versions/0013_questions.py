"""custom RSVP questions and their answers, invitation letters and their settings

Revision ID: 0013_questions
Revises: 0012_api_tokens
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa

from summit.db import UTCDateTime


revision = '0013_questions'
down_revision = '0012_api_tokens'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('letter_settings',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('letterhead', sa.Text(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('signer_name', sa.String(length=200), nullable=False),
    sa.Column('signer_title', sa.String(length=200), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_letter_settings_event_id_events')),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_letter_settings'))
    )
    op.create_table('questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('short_text', 'long_text', 'one_choice', 'several_choices', 'yes_no', 'date', 'country', 'days', name='question_kind', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('help_text', sa.String(length=500), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('organisation_kinds', sa.JSON(), nullable=False),
    sa.Column('readers', sa.Enum('organisers', 'staff', name='question_readers', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('purge_days', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name_on_id', sa.Boolean(), nullable=False),
    sa.Column('for_security', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint('purge_days >= 0', name=op.f('ck_questions_purge_days_not_negative')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_questions_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions'))
    )
    op.create_table('letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('issued_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_letters_invitation_id_invitations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letters')),
    sa.UniqueConstraint('invitation_id', name=op.f('uq_letters_invitation_id')),
    sa.UniqueConstraint('reference', name=op.f('uq_letters_reference'))
    )
    op.create_table('question_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('question_version', sa.Integer(), nullable=False),
    sa.Column('answered_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_question_answers_invitation_id_invitations')),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_question_answers_question_id_questions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_answers')),
    sa.UniqueConstraint('question_id', 'invitation_id', name='uq_question_answers_question')
    )


def downgrade() -> None:
    op.drop_table('question_answers')
    op.drop_table('letters')
    op.drop_table('questions')
    op.drop_table('letter_settings')
