"""Pairing: match runs, pairings, and the program settings that steer them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 11:23:58.563145
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "match_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("unmatched", sa.JSON(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_match_runs_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_runs")),
    )
    op.create_table(
        "pairings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("mentor_id", sa.String(length=32), nullable=False),
        sa.Column("mentee_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("mentor_answer", sa.String(length=16), nullable=True),
        sa.Column("mentee_answer", sa.String(length=16), nullable=True),
        sa.Column("decline_reason", sa.String(length=500), nullable=True),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by", sa.String(length=32), nullable=True),
        sa.Column("end_reason", sa.String(length=500), nullable=True),
        sa.Column("conversation_id", sa.String(length=32), nullable=True),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_pairings_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["match_runs.id"],
            name=op.f("fk_pairings_run_id_match_runs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pairings")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("pairings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_pairings_program_mentor_mentee",
            ["program_id", "mentor_id", "mentee_id"],
            unique=False,
        )
        batch_op.create_index("ix_pairings_program_status", ["program_id", "status"], unique=False)

    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("require_acceptance", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("pair_space", sa.String(length=16), server_default="group_dm", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "same_org_policy", sa.String(length=16), server_default="discourage", nullable=False
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_column("same_org_policy")
        batch_op.drop_column("pair_space")
        batch_op.drop_column("require_acceptance")

    with op.batch_alter_table("pairings", schema=None) as batch_op:
        batch_op.drop_index("ix_pairings_program_status")
        batch_op.drop_index("ix_pairings_program_mentor_mentee")

    op.drop_table("pairings")
    op.drop_table("match_runs")
