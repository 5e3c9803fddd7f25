"""Piccolo app of the conversation pairs domain."""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="pairs",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=table_finder(modules=["events.pairs.tables"], exclude_imported=True),
    migration_dependencies=["events.programme.piccolo_app", "events.registration.piccolo_app"],
    commands=[],
)
