"""Piccolo app of the data version (its table and the triggers that feed it)."""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="freshness",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=table_finder(modules=["events.freshness.tables"], exclude_imported=True),
    migration_dependencies=[
        "events.programme.piccolo_app",
        "events.registration.piccolo_app",
        "events.followup.piccolo_app",
        "events.pairs.piccolo_app",
        "events.pledges.piccolo_app",
    ],
    commands=[],
)
