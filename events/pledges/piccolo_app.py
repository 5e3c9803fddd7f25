"""Piccolo app of the pledges domain."""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="pledges",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=table_finder(modules=["events.pledges.tables"], exclude_imported=True),
    migration_dependencies=["events.registration.piccolo_app"],
    commands=[],
)
