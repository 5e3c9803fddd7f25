"""Piccolo app of the follow-up domain: campaigns and progress after the day, and (from its
history) the outbox's tables, whose classes live in events.outbox.tables."""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="followup",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    # The outbox's tables were made by this app's migrations and stay registered here, so that
    # moving their classes changes nothing in existing databases (see the README, Development).
    table_classes=table_finder(
        modules=["events.outbox.tables", "events.followup.tables"], exclude_imported=True
    ),
    migration_dependencies=["events.pledges.piccolo_app", "events.pairs.piccolo_app"],
    commands=[],
)
