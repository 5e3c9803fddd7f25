"""Piccolo app of the rate-limit counters."""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="ratelimits",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=table_finder(modules=["events.ratelimits.tables"], exclude_imported=True),
    migration_dependencies=[],
    commands=[],
)
