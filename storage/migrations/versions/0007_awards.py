"""Award nomination cycles and nominations.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "award_cycles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("announce_on", sa.Date(), nullable=False),
        sa.Column("winners", sa.JSON(), nullable=False),
        sa.Column("winners_recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("winners_recorded_by", sa.String(length=32), nullable=True),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_award_cycles_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_cycles")),
        sa.UniqueConstraint("program_id", "name", name=op.f("uq_award_cycles_program_id_name")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "award_nominations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("nominator_id", sa.String(length=32), nullable=False),
        sa.Column("nominee_id", sa.String(length=32), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("impact", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["award_cycles.id"],
            name=op.f("fk_award_nominations_cycle_id_award_cycles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_award_nominations_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_nominations")),
        sa.UniqueConstraint(
            "cycle_id", "nominator_id", name=op.f("uq_award_nominations_cycle_id_nominator_id")
        ),
    )
    op.create_index(
        "ix_award_nominations_program_nominee",
        "award_nominations",
        ["program_id", "nominee_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_award_nominations_program_nominee", table_name="award_nominations")
    op.drop_table("award_nominations")
    op.drop_table("award_cycles")
