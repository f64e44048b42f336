"""many events, one series: series, per-event organisation quotas, reviews of commitments at later meetings

Revision ID: 0011_series
Revises: 0014_check_in
Create Date: 2026-11-29

Every existing event becomes the first meeting of a series of its own (named after it), and every existing
organisation takes part in every existing event with the seat quota it has today.
"""
from alembic import op
import sqlalchemy as sa

from summit.db import UTCDateTime


revision = '0011_series'
down_revision = '0014_check_in'
branch_labels = None
depends_on = None

STATUSES = ('proposed', 'agreed', 'in_progress', 'at_risk', 'delivered', 'verified', 'withdrawn')


def upgrade() -> None:
    op.create_table('series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_series')),
    sa.UniqueConstraint('name', name=op.f('uq_series_name'))
    )
    with op.batch_alter_table('events') as batch_op:
        batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
    connection = op.get_bind()
    series = sa.table('series', sa.column('id', sa.Integer), sa.column('name', sa.String),
                      sa.column('created_at', UTCDateTime()))
    events = sa.table('events', sa.column('id', sa.Integer), sa.column('slug', sa.String),
                      sa.column('name', sa.String), sa.column('created_at', UTCDateTime()),
                      sa.column('series_id', sa.Integer))
    taken: set[str] = set()
    for event_id, slug, name, created_at in connection.execute(
            sa.select(events.c.id, events.c.slug, events.c.name, events.c.created_at).order_by(events.c.id)).all():
        series_name = name if name not in taken else f"{name} ({slug})"
        taken.add(series_name)
        series_id = connection.execute(series.insert().values(name=series_name, created_at=created_at)
                                       .returning(series.c.id)).scalar_one()
        connection.execute(events.update().where(events.c.id == event_id).values(series_id=series_id))
    with op.batch_alter_table('events') as batch_op:
        batch_op.alter_column('series_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(op.f('fk_events_series_id_series'), 'series', ['series_id'], ['id'])

    op.create_table('event_organisations',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('delegate_quota', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint('delegate_quota >= 0', name=op.f('ck_event_organisations_quota_not_negative')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_organisations_event_id_events'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                            name=op.f('fk_event_organisations_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('event_id', 'organisation_id', name=op.f('pk_event_organisations'))
    )
    op.execute("INSERT INTO event_organisations (event_id, organisation_id, delegate_quota, created_at) "
               "SELECT events.id, organisations.id, organisations.delegate_quota, events.created_at "
               "FROM events CROSS JOIN organisations")

    op.create_table('commitment_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum(*STATUSES, name='review_status', native_enum=False, create_constraint=True,
                                length=30), nullable=False),
    sa.Column('previous_status', sa.Enum(*STATUSES, name='review_previous_status', native_enum=False,
                                         create_constraint=True, length=30), nullable=False),
    sa.Column('outcome', sa.Enum('carried_forward', 'closed', 'overdue', name='review_outcome', native_enum=False,
                                 create_constraint=True, length=30), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('new_due_on', sa.Date(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_commitment_reviews_actor_id_users')),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'],
                            name=op.f('fk_commitment_reviews_commitment_id_commitments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_commitment_reviews_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitment_reviews'))
    )
    op.create_index('ix_commitment_reviews_commitment_event', 'commitment_reviews', ['commitment_id', 'event_id'])


def downgrade() -> None:
    op.drop_index('ix_commitment_reviews_commitment_event', table_name='commitment_reviews')
    op.drop_table('commitment_reviews')
    op.drop_table('event_organisations')
    with op.batch_alter_table('events') as batch_op:
        batch_op.drop_constraint(op.f('fk_events_series_id_series'), type_='foreignkey')
        batch_op.drop_column('series_id')
    op.drop_table('series')
