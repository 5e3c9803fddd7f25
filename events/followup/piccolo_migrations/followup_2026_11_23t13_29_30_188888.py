"""Constraints of followup, apart so SQLite gets them after its tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.constraints import Check, Unique

from piccolo.engine import engine_finder

from events.migration_support import add_portable_constraint

ID = "2026-11-23T13:29:30:188888"
VERSION = "1.38.0"
DESCRIPTION = "followup constraints; outbox index on (status, due_at) for the dispatcher"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="followup", description=DESCRIPTION
    )

    add_portable_constraint(
        manager,
        table_class_name="CampaignStep",
        tablename="campaign_step",
        constraint_name="campaign_step_known_timing",
        constraint_class=Check,
        params={"condition": "\"timing\" IN ('offset', 'fixed')"},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="CampaignStep",
        tablename="campaign_step",
        constraint_name="campaign_step_known_audience",
        constraint_class=Check,
        params={
            "condition": "\"audience\" IN ('pledgers', 'pairs', 'all', 'absent', 'present')"
        },
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="CampaignStep",
        tablename="campaign_step",
        constraint_name="campaign_step_known_invite",
        constraint_class=Check,
        params={
            "condition": "\"invite\" IN ('', 'lookback', 'pair_call', 'meeting')"
        },
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="PledgeProgress",
        tablename="pledge_progress",
        constraint_name="pledge_progress_known_status",
        constraint_class=Check,
        params={
            "condition": "\"status\" IN ('not_started', 'under_way', 'done', 'dropped')"
        },
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="MeetingReply",
        tablename="meeting_reply",
        constraint_name="meeting_reply_one_per_person",
        constraint_class=Unique,
        params={"columns": ["step", "participant"], "nulls_distinct": True},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="MeetingReply",
        tablename="meeting_reply",
        constraint_name="meeting_reply_known_answer",
        constraint_class=Check,
        params={"condition": "\"answer\" IN ('yes', 'no')"},
        schema=None,
    )

    async def status_due_index() -> None:
        # The dispatcher looks for due rows by status and due time (see dispatcher.CLAIMABLE).
        await engine_finder().run_ddl(
            'CREATE INDEX IF NOT EXISTS "outbox_message_status_due_at" '
            'ON "outbox_message" ("status", "due_at")'
        )

    manager.add_raw(status_due_index)

    return manager
