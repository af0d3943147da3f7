"""Mentoring hours and professional-development credit.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("credit_requirement", sa.Integer(), server_default="40", nullable=False)
        )
        batch_op.add_column(
            sa.Column("credit_cap", sa.Integer(), server_default="20", nullable=False)
        )
        batch_op.add_column(
            sa.Column("credit_start_month", sa.Integer(), server_default="1", nullable=False)
        )
    op.create_table(
        "hours_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("worked_on", sa.Date(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("activity", sa.String(length=16), nullable=False),
        sa.Column("with_user", sa.String(length=32), nullable=True),
        sa.Column("pairing_id", sa.Integer(), nullable=True),
        sa.Column("same_org", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("checkin_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["checkins.id"],
            name=op.f("fk_hours_entries_checkin_id_checkins"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["pairing_id"],
            ["pairings.id"],
            name=op.f("fk_hours_entries_pairing_id_pairings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_hours_entries_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hours_entries")),
        sa.UniqueConstraint("checkin_id", name=op.f("uq_hours_entries_checkin_id")),
        sa.UniqueConstraint(
            "platform",
            "workspace_id",
            "request_id",
            name=op.f("uq_hours_entries_platform_workspace_id_request_id"),
        ),
    )
    op.create_index(
        "ix_hours_entries_program_user_worked_on",
        "hours_entries",
        ["program_id", "user_id", "worked_on"],
        unique=False,
    )
    op.create_index(
        "ix_hours_entries_program_worked_on",
        "hours_entries",
        ["program_id", "worked_on"],
        unique=False,
    )
    op.create_table(
        "credit_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("member_a", sa.String(length=32), nullable=False),
        sa.Column("member_b", sa.String(length=32), nullable=False),
        sa.Column("allowed", sa.Boolean(), nullable=False),
        sa.Column("set_by", sa.String(length=32), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_credit_overrides_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_overrides")),
        sa.UniqueConstraint(
            "program_id",
            "member_a",
            "member_b",
            name=op.f("uq_credit_overrides_program_id_member_a_member_b"),
        ),
    )


def downgrade() -> None:
    op.drop_table("credit_overrides")
    op.drop_index("ix_hours_entries_program_worked_on", table_name="hours_entries")
    op.drop_index("ix_hours_entries_program_user_worked_on", table_name="hours_entries")
    op.drop_table("hours_entries")
    with op.batch_alter_table("programs", schema=None) as batch_op:
        for column in ("credit_start_month", "credit_cap", "credit_requirement"):
            batch_op.drop_column(column)
