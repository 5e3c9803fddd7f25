"""Move a generated Piccolo migration's add_constraint calls into a second, SQLite-safe migration.

Usage: .venv/bin/python scripts/split_constraints.py events/APP/piccolo_migrations/APP_<id>.py

Piccolo adds constraints with ALTER TABLE (missing on SQLite) and runs raw steps before tables,
so constraints go into their own later migration through add_portable_constraint.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime, timedelta
from pathlib import Path


def split(path: Path) -> Path:
    source = path.read_text()
    start = source.find("    manager.add_constraint(\n")
    if start == -1:
        raise SystemExit(f"{path} has no add_constraint calls")
    end = source.rindex("    return manager")
    constraints = source[start:end].replace(
        "    manager.add_constraint(\n", "    add_portable_constraint(\n        manager,\n"
    )
    remaining = source[:start] + source[end:]
    remaining = remaining.replace("from piccolo.constraints import Check\n", "")
    remaining = remaining.replace("from piccolo.constraints import Unique\n", "")
    path.write_text(remaining)

    app_name = re.search(r'app_name="([^"]+)"', source)
    migration_id = re.search(r'^ID = "([^"]+)"', source, re.M)
    if not app_name or not migration_id:
        raise SystemExit("could not read app_name and ID")
    first = datetime.strptime(migration_id.group(1), "%Y-%m-%dT%H:%M:%S:%f")
    second = first + timedelta(seconds=1)
    second_id = second.strftime("%Y-%m-%dT%H:%M:%S:%f")
    target = path.with_name(f"{app_name.group(1)}_{second.strftime('%Y_%m_%dt%H_%M_%S_%f')}.py")
    target.write_text(
        f'"""Constraints of {app_name.group(1)}, apart so SQLite gets them after its tables."""\n\n'
        "from piccolo.apps.migrations.auto.migration_manager import MigrationManager\n"
        "from piccolo.constraints import Check, Unique\n\n"
        "from events.migration_support import add_portable_constraint\n\n"
        f'ID = "{second_id}"\nVERSION = "1.38.0"\n'
        f'DESCRIPTION = "{app_name.group(1)} constraints"\n\n\n'
        "async def forwards():\n"
        "    manager = MigrationManager(\n"
        f'        migration_id=ID, app_name="{app_name.group(1)}", description=DESCRIPTION\n'
        "    )\n\n" + constraints + "    return manager\n"
    )
    return target


if __name__ == "__main__":
    print(split(Path(sys.argv[1])))
