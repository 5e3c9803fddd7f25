"""Duplicate themes ("Armoede" / "armoede "): found by normalised name and merged into one."""

from __future__ import annotations

from typing import Any

from events.organise import merging
from events.programme.tables import Theme
from events.web.auth import Organiser
from events.web.i18n import gettext as _

Row = dict[str, Any]

LABELS = merging.Labels(
    table_labels={
        "participant_theme": lambda: _("Participants"),
        "pledge_theme": lambda: _("Pledges"),
        "practice_theme": lambda: _("Practice examples"),
        "session_theme": lambda: _("Sessions"),
    },
    cannot_itself=lambda: _("A theme cannot be merged into itself."),
    keep_missing=lambda: _("The theme to keep does not exist (any more)."),
    other_missing=lambda: _("One of the themes to merge does not exist (any more)."),
)


async def duplicate_groups() -> list[list[Row]]:
    """Themes whose names are alike after normalising, the most used first."""
    rows = await Theme.select(Theme.id, Theme.name, Theme.slug).order_by(Theme.name)
    used = await merging.usage(Theme, [row["id"] for row in rows])
    for row in rows:
        row["used"] = used[row["id"]]
    return merging.duplicate_groups(rows)


async def merge_plan(keep_id: int, other_ids: list[int]) -> merging.MergePlan:
    return await merging.merge_plan(Theme, LABELS, keep_id, other_ids)


async def merge(
    keep_id: int, other_ids: list[int], organiser: Organiser | None
) -> merging.MergePlan:
    """Merge the other themes into `keep_id` (one transaction, with an audit entry)."""
    return await merging.merge(
        Theme, LABELS, keep_id, other_ids, organiser, f"/organise/themes/{keep_id}/merge"
    )
