"""Copying an event: each domain contributes its part through a registered function.

Like Indico's per-module `clone.py`, every domain that holds something worth copying has an
`events/<domain>/clone.py` that calls `register_cloner(name, order, function)` when imported.
`copy_parts` imports those modules (found next to the Piccolo apps of `piccolo_conf`, so this
module names no domain) and runs the cloners in `order` inside the caller's transaction.

A cloner receives a `CopyJob`: the source and the new event, the parts the organiser chose,
the number of days the copy moved, and `ids`, where earlier cloners leave their old-id → new-id
maps (e.g. "session") for later ones.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

# What an organiser can choose to copy; every copy also gets the event's own settings.
PARTS = ("rounds_rooms", "sessions", "practices", "themes", "campaign", "texts")


@dataclass
class CopyJob:
    """One copy in progress; cloners read it and add their id maps."""

    source: dict[str, Any]  # the source event's row
    target: dict[str, Any]  # the new event's row
    parts: frozenset[str]
    days: int  # how many days later (or earlier, negative) the copy is
    ids: dict[str, dict[int, int]] = field(default_factory=dict)

    def wants(self, part: str) -> bool:
        return part in self.parts

    def shifted(self, moment: datetime | None) -> datetime | None:
        """The same local wall-clock time, `days` later, in the event's time zone (UTC)."""
        if moment is None:
            return None
        zone = ZoneInfo(self.source["timezone"])
        local = moment.astimezone(zone)
        moved = datetime.combine(local.date() + timedelta(days=self.days), local.time(), zone)
        return moved.astimezone(UTC)

    def shifted_local(self, value: str) -> str:
        """A stored local "YYYY-MM-DDTHH:MM" (or "") moved by `days`."""
        if not value:
            return value
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return (moment + timedelta(days=self.days)).strftime("%Y-%m-%dT%H:%M")

    def new_id(self, kind: str, old_id: int | None) -> int | None:
        """The copy's id of a thing another cloner copied, or None (not copied, or no id)."""
        if old_id is None:
            return None
        return self.ids.get(kind, {}).get(old_id)


Cloner = Callable[[CopyJob], Awaitable[None]]


@dataclass(frozen=True)
class _Registered:
    name: str
    order: int
    function: Cloner


_CLONERS: dict[str, _Registered] = {}


def register_cloner(name: str, order: int, function: Cloner) -> None:
    """Add (or replace) a domain's cloner; lower `order` runs first."""
    _CLONERS[name] = _Registered(name, order, function)


def _load_domain_cloners() -> None:
    """Import `<package>.clone` of every registered Piccolo app of ours that has one."""
    from events import piccolo_conf

    for app_module in piccolo_conf.APP_REGISTRY.apps:
        package = app_module.rpartition(".")[0]
        if not package.startswith("events."):
            continue
        if importlib.util.find_spec(f"{package}.clone") is not None:
            importlib.import_module(f"{package}.clone")


def cloners() -> list[str]:
    """Names of the registered cloners, in the order they run."""
    _load_domain_cloners()
    return [item.name for item in sorted(_CLONERS.values(), key=lambda c: (c.order, c.name))]


async def copy_parts(job: CopyJob) -> None:
    """Run every domain's cloner on the job (inside the caller's write transaction)."""
    _load_domain_cloners()
    for item in sorted(_CLONERS.values(), key=lambda c: (c.order, c.name)):
        await item.function(job)
