"""Piccolo app of the follow-up domain: campaigns and progress after the day. (Its migrations
also made the outbox's tables, which belong to the outbox app since
followup_2026_12_02t16_00_00_000000.)"""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="followup",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=table_finder(modules=["events.followup.tables"], exclude_imported=True),
    migration_dependencies=["events.pledges.piccolo_app", "events.pairs.piccolo_app"],
    commands=[],
)
