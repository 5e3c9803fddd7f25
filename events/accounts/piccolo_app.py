"""Piccolo app of the accounts (event roles and account tokens)."""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="accounts",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=table_finder(modules=["events.accounts.tables"], exclude_imported=True),
    migration_dependencies=["piccolo.apps.user.piccolo_app", "events.programme.piccolo_app"],
    commands=[],
)
