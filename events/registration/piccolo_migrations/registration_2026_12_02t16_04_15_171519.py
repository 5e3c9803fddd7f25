"""Constraints of registration, apart so SQLite gets them after its tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.constraints import Check, Unique

from events.migration_support import add_portable_constraint

ID = "2026-12-02T16:04:15:171519"
VERSION = "1.38.0"
DESCRIPTION = "registration constraints"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="registration", description=DESCRIPTION
    )

    add_portable_constraint(
        manager,
        table_class_name="MailText",
        tablename="mail_text",
        constraint_name="mail_text_once_per_kind_and_language",
        constraint_class=Unique,
        params={"columns": ["event", "kind", "language"], "nulls_distinct": True},
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="MailText",
        tablename="mail_text",
        constraint_name="mail_text_known_kind",
        constraint_class=Check,
        params={
            "condition": "\"kind\" IN ('confirmation', 'waitlisted', 'promoted', 'programme', 'changed', 'cancelled', 'link')"
        },
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="MailText",
        tablename="mail_text",
        constraint_name="mail_text_known_language",
        constraint_class=Check,
        params={"condition": "\"language\" IN ('nl', 'en')"},
        schema=None,
    )

    return manager
