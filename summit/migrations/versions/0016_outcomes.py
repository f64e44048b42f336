"""outcomes: ready-for-report flag and pledges on commitments, session notes, outcome statement, tool requests

Revision ID: 0016_outcomes
Revises: 0013_questions
Create Date: 2026-11-29 09:22:17.246407
"""
from alembic import op
import sqlalchemy as sa

from summit.db import UTCDateTime


revision = '0016_outcomes'
down_revision = '0013_questions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outcome_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_outcome_versions_author_id_users')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_outcome_versions_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_versions')),
    sa.UniqueConstraint('event_id', 'number', name='uq_outcome_versions_event_number')
    )
    op.create_table('tool_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tool_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('organisation_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('confirmed_at', UTCDateTime(), nullable=True),
    sa.Column('adoption_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['adoption_id'], ['tool_adoptions.id'], name=op.f('fk_tool_requests_adoption_id_tool_adoptions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tool_id'], ['tools.id'], name=op.f('fk_tool_requests_tool_id_tools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tool_requests')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_tool_requests_token_hash'))
    )
    with op.batch_alter_table('tool_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tool_requests_tool_id'), ['tool_id'], unique=False)

    op.create_table('outcome_statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('published_version_id', sa.Integer(), nullable=True),
    sa.Column('published_at', UTCDateTime(), nullable=True),
    sa.Column('no_commitment_wording', sa.String(length=200), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_outcome_statements_event_id_events')),
    sa.ForeignKeyConstraint(['published_version_id'], ['outcome_versions.id'], name=op.f('fk_outcome_statements_published_version_id_outcome_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_statements')),
    sa.UniqueConstraint('event_id', name=op.f('uq_outcome_statements_event_id'))
    )
    op.create_table('session_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('discussion', 'decision', 'action', name='note_kind', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('visibility', sa.Enum('secretariat', 'participants', 'public', name='note_visibility', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_session_notes_author_id_users')),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_session_notes_commitment_id_commitments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_session_notes_event_id_events')),
    sa.ForeignKeyConstraint(['session_id'], ['agenda_sessions.id'], name=op.f('fk_session_notes_session_id_agenda_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_notes'))
    )
    with op.batch_alter_table('session_notes', schema=None) as batch_op:
        batch_op.create_index('ix_session_notes_session_id_created_at', ['session_id', 'created_at'], unique=False)

    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ready', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('pledge_amount', sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.add_column(sa.Column('pledge_currency', sa.Enum('GBP', 'USD', 'EUR', name='pledge_currency', native_enum=False, create_constraint=True, length=30), nullable=True))
        batch_op.add_column(sa.Column('pledge_kind', sa.Enum('funding', 'in_kind', 'engineering_time', name='pledge_kind', native_enum=False, create_constraint=True, length=30), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_commitments_pledge_is_whole'), "(pledge_amount IS NULL) = (pledge_currency IS NULL) AND "
            "(pledge_amount IS NULL) = (pledge_kind IS NULL) AND (pledge_amount IS NULL OR pledge_amount > 0)")



def downgrade() -> None:
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        for name in ('pledge_is_whole', 'pledge_currency', 'pledge_kind'):
            batch_op.drop_constraint(op.f(f'ck_commitments_{name}'), type_='check')
        batch_op.drop_column('pledge_kind')
        batch_op.drop_column('pledge_currency')
        batch_op.drop_column('pledge_amount')
        batch_op.drop_column('ready')

    with op.batch_alter_table('session_notes', schema=None) as batch_op:
        batch_op.drop_index('ix_session_notes_session_id_created_at')

    op.drop_table('session_notes')
    op.drop_table('outcome_statements')
    with op.batch_alter_table('tool_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tool_requests_tool_id'))

    op.drop_table('tool_requests')
    op.drop_table('outcome_versions')
