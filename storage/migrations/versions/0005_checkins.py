"""Check-ins, contact rule and term steps.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NEVER_PLANNED_SQL = "1970-01-01 00:00:00+00:00"  # storage.models.NEVER_PLANNED


def upgrade() -> None:
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("contact_days", sa.Integer(), server_default="90", nullable=False)
        )
    with op.batch_alter_table("pairings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "next_due_at",
                sa.DateTime(timezone=True),
                server_default=NEVER_PLANNED_SQL,
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("last_met_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("checkin_period", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("midpoint_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("headsup_for", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("nudged_for", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("extensions", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("mentor_mood", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("mentee_mood", sa.String(length=16), nullable=True))
        batch_op.create_index(
            "ix_pairings_program_status_next_due_at",
            ["program_id", "status", "next_due_at"],
            unique=False,
        )
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pairing_id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("skipped_reason", sa.String(length=200), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("mood", sa.String(length=16), nullable=True),
        sa.Column("details_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("met", sa.Boolean(), nullable=True),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("help_requested", sa.Boolean(), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("overall", sa.Integer(), nullable=True),
        sa.Column("again", sa.String(length=8), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["pairing_id"],
            ["pairings.id"],
            name=op.f("fk_checkins_pairing_id_pairings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_checkins_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
        sa.UniqueConstraint(
            "pairing_id",
            "user_id",
            "kind",
            "period",
            name=op.f("uq_checkins_pairing_id_user_id_kind_period"),
        ),
    )


def downgrade() -> None:
    op.drop_table("checkins")
    with op.batch_alter_table("pairings", schema=None) as batch_op:
        batch_op.drop_index("ix_pairings_program_status_next_due_at")
        for column in (
            "mentee_mood", "mentor_mood", "extensions", "nudged_for", "headsup_for",
            "midpoint_at", "checkin_period", "last_met_on", "next_due_at",
        ):  # fmt: skip
            batch_op.drop_column(column)
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_column("contact_days")
