"""audit log refuses TRUNCATE too (PostgreSQL; SQLite has no TRUNCATE)

Revision ID: 0006_audit_truncate
Revises: 0005_commitments
Create Date: 2026-11-29
"""
from alembic import op


revision = '0006_audit_truncate'
down_revision = '0005_commitments'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The row triggers of 0001 refuse UPDATE and DELETE; TRUNCATE fires only statement triggers. The function
    # summit_refuse_change() comes from 0001 and raises "<table> is append-only".
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION summit_refuse_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
