from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod
from piccolo.constraints import Check

from events.migration_support import add_portable_constraint

ID = "2026-12-02T12:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "campaign steps before the start of the event (reminders)"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="followup", description=DESCRIPTION)

    manager.add_column(
        table_class_name="CampaignStep",
        tablename="campaign_step",
        column_name="anchor",
        db_column_name="anchor",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 10,
            "default": "end",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    add_portable_constraint(
        manager,
        table_class_name="CampaignStep",
        tablename="campaign_step",
        constraint_name="campaign_step_known_anchor",
        constraint_class=Check,
        params={"condition": "\"anchor\" IN ('end', 'start')"},
        schema=None,
    )

    return manager
