"""Piccolo app of the follow-up domain: the outbox, the unsubscribe list, campaigns and
progress after the day."""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="followup",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=table_finder(modules=["events.followup.tables"], exclude_imported=True),
    migration_dependencies=["events.pledges.piccolo_app", "events.pairs.piccolo_app"],
    commands=[],
)
