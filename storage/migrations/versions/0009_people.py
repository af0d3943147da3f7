"""People directory: Slack names cached per workspace, so exports and the CLI show names.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=True),
        sa.Column("real_name", sa.String(length=120), nullable=True),
        # "active", "deactivated" or "not_found": a lookup that answered, even with no name.
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint(
            "platform",
            "workspace_id",
            "user_id",
            name=op.f("uq_people_platform_workspace_id_user_id"),
        ),
    )


def downgrade() -> None:
    op.drop_table("people")
