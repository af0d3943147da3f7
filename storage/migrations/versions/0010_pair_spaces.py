"""Pairs start through a durable step: a `starting` status and why a space could not be opened.

Pairs that issue #15 left active without a conversation (a crash or a timeout between the
commit and the platform call) become `starting` again; the pairing planner then queues their
space step, so they get their conversation and introduction after all.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 03:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pairings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("space_error", sa.String(length=200), nullable=True))
    op.execute(
        "UPDATE pairings SET status = 'starting' "
        "WHERE status = 'active' AND conversation_id IS NULL"
    )


def downgrade() -> None:
    # A starting pair was accepted by both: the old code's nearest state is "awaiting" with
    # both answers in, which its hourly chase activates.
    op.execute("UPDATE pairings SET status = 'awaiting' WHERE status = 'starting'")
    with op.batch_alter_table("pairings", schema=None) as batch_op:
        batch_op.drop_column("space_error")
