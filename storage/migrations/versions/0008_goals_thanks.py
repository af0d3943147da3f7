"""Goals and thank-you posts.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("pairing_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("request_key", sa.String(length=80), nullable=False),
        sa.Column("what", sa.String(length=200), nullable=False),
        sa.Column("why", sa.String(length=1000), nullable=True),
        sa.Column("target_on", sa.Date(), nullable=True),
        sa.Column("measure", sa.String(length=1000), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["pairing_id"],
            ["pairings.id"],
            name=op.f("fk_goals_pairing_id_pairings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_goals_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
        sa.UniqueConstraint(
            "platform",
            "workspace_id",
            "request_key",
            name=op.f("uq_goals_platform_workspace_id_request_key"),
        ),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_goals_program_owner", "goals", ["program_id", "owner_id"], unique=False)
    op.create_index(op.f("ix_goals_pairing_id"), "goals", ["pairing_id"], unique=False)
    op.create_table(
        "thank_yous",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("from_id", sa.String(length=32), nullable=False),
        sa.Column("to_id", sa.String(length=32), nullable=False),
        sa.Column("request_key", sa.String(length=80), nullable=False),
        sa.Column("message", sa.String(length=1000), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_thank_yous_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thank_yous")),
        sa.UniqueConstraint(
            "platform",
            "workspace_id",
            "request_key",
            name=op.f("uq_thank_yous_platform_workspace_id_request_key"),
        ),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_thank_yous_program_to", "thank_yous", ["program_id", "to_id"], unique=False)
    op.create_index(
        "ix_thank_yous_program_from", "thank_yous", ["program_id", "from_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_thank_yous_program_from", table_name="thank_yous")
    op.drop_index("ix_thank_yous_program_to", table_name="thank_yous")
    op.drop_table("thank_yous")
    op.drop_index(op.f("ix_goals_pairing_id"), table_name="goals")
    op.drop_index("ix_goals_program_owner", table_name="goals")
    op.drop_table("goals")
