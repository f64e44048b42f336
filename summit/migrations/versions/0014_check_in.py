"""check-in: codes (keyed hashes), arrivals, session door check-ins; the reception role

Revision ID: 0014_check_in
Revises: 0016_outcomes
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa

from summit.db import UTCDateTime


revision = '0014_check_in'
down_revision = '0016_outcomes'
branch_labels = None
depends_on = None

OLD_ROLES = ('organiser', 'secretariat', 'delegate')
NEW_ROLES = (*OLD_ROLES, 'reception')


def _roles(values: tuple[str, ...]) -> None:
    """users.role is a VARCHAR with a CHECK constraint naming the allowed values: replace the constraint."""
    if op.get_bind().dialect.name == 'sqlite':
        with op.batch_alter_table('users') as batch_op:
            batch_op.alter_column('role', existing_type=sa.Enum(*OLD_ROLES + ('reception',), name='role',
                                                                native_enum=False, create_constraint=False,
                                                                length=30),
                                  type_=sa.Enum(*values, name='role', native_enum=False, create_constraint=True,
                                                length=30),
                                  existing_nullable=False)
        return
    op.drop_constraint(op.f('ck_users_role'), 'users', type_='check')
    op.create_check_constraint(op.f('ck_users_role'), 'users', sa.column('role').in_(values))


def upgrade() -> None:
    op.create_table('check_in_codes',
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_check_in_codes_invitation_id_invitations')),
    sa.PrimaryKeyConstraint('invitation_id', name=op.f('pk_check_in_codes')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_check_in_codes_code_hash'))
    )
    op.create_table('check_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('checked_in_at', UTCDateTime(), nullable=False),
    sa.Column('checked_in_by', sa.Integer(), nullable=True),
    sa.Column('walk_in', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['checked_in_by'], ['users.id'], name=op.f('fk_check_ins_checked_in_by_users')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_check_ins_event_id_events')),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_check_ins_invitation_id_invitations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_ins')),
    sa.UniqueConstraint('invitation_id', name=op.f('uq_check_ins_invitation_id'))
    )
    op.create_index('ix_check_ins_event_id_checked_in_at', 'check_ins', ['event_id', 'checked_in_at'], unique=False)
    op.create_table('session_check_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('checked_in_at', UTCDateTime(), nullable=False),
    sa.Column('checked_in_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['checked_in_by'], ['users.id'], name=op.f('fk_session_check_ins_checked_in_by_users')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_session_check_ins_person_id_people')),
    sa.ForeignKeyConstraint(['session_id'], ['agenda_sessions.id'], name=op.f('fk_session_check_ins_session_id_agenda_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_check_ins')),
    sa.UniqueConstraint('session_id', 'person_id', name='uq_session_check_ins_session_person')
    )
    _roles(NEW_ROLES)


def downgrade() -> None:
    op.execute("DELETE FROM users WHERE role = 'reception'")  # no such role below this revision
    _roles(OLD_ROLES)
    op.drop_table('session_check_ins')
    op.drop_index('ix_check_ins_event_id_checked_in_at', table_name='check_ins')
    op.drop_table('check_ins')
    op.drop_table('check_in_codes')
