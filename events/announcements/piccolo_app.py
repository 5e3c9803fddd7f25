"""Piccolo app of the announcements."""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="announcements",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=table_finder(modules=["events.announcements.tables"], exclude_imported=True),
    migration_dependencies=["events.programme.piccolo_app"],
    commands=[],
)
