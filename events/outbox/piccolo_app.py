"""Piccolo app of the outbox: the messages to send and the unsubscribed addresses.

The tables were made by the followup app's migrations and taken over by this app's first
migration, without a change in the database (see the README, Development)."""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="outbox",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=table_finder(modules=["events.outbox.tables"], exclude_imported=True),
    # After the followup app's migrations, which make the tables on a new database.
    migration_dependencies=["events.followup.piccolo_app"],
    commands=[],
)
