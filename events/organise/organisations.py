"""Suggested organisations and duplicates: accept, reject, and merge several into one.

A name a registrant types that is new becomes a *suggested* organisation of that event (see
events.registration.services); organisers accept or reject it here, or merge it into an
existing one. Merging moves every reference to the merged organisations (found through the
foreign keys that point at Organisation, so a new table that links organisations is covered
without changes here) to the one kept, deletes the others and writes an audit entry, all in
one transaction.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from piccolo.columns import ForeignKey

from events.db import write_transaction
from events.organise.tables import AuditEntry
from events.programme.tables import Event, Organisation
from events.web.auth import Organiser
from events.web.i18n import gettext as _

Row = dict[str, Any]

# Abbreviations in Dutch organisation names, each with the word it stands for.
ABBREVIATIONS = {
    "gem": "gemeente",
    "gmt": "gemeente",
    "st": "stichting",
    "stg": "stichting",
    "sticht": "stichting",
    "ver": "vereniging",
    "ggd": "ggd",
}
NOT_A_LETTER = re.compile(r"[^\w]+")


def normalised(name: str) -> str:
    """The name as a comparison key: lower case, no accents or punctuation, single spaces,
    common abbreviations written out ("Gem. Leiden" and "gemeente  leiden" become one)."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = NOT_A_LETTER.sub(" ", text.lower()).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def _reference_columns() -> list[ForeignKey]:
    """Every foreign key column that points at Organisation, each once."""
    seen: dict[tuple[str, str], ForeignKey] = {}
    for column in Organisation._meta.foreign_key_references:
        key = (column._meta.table._meta.tablename, column._meta.db_column_name)
        seen.setdefault(key, column)
    return sorted(seen.values(), key=lambda c: c._meta.table._meta.tablename)


def _reference_label(column: ForeignKey) -> str:
    labels = {
        "participant": _("Participants"),
        "person": _("People"),
        "practice_example": _("Practice examples"),
    }
    table = column._meta.table._meta.tablename
    return labels.get(table, table.replace("_", " "))


async def _usage(organisation_ids: list[int]) -> dict[int, int]:
    """How many rows refer to each organisation, all tables together."""
    counts = dict.fromkeys(organisation_ids, 0)
    if not organisation_ids:
        return counts
    for column in _reference_columns():
        table = column._meta.table
        rows = await table.select(column.as_alias("organisation")).where(
            column.is_in(organisation_ids)
        )
        for row in rows:
            counts[row["organisation"]] += 1
    return counts


async def all_organisations() -> list[Row]:
    """Every organisation with its status, the event that suggested it, and its use count."""
    rows = await Organisation.select(
        Organisation.id,
        Organisation.name,
        Organisation.place,
        Organisation.website,
        Organisation.status,
        Organisation.suggested_at_event,
        Organisation.suggested_at_event.name.as_alias("event_name"),
    ).order_by(Organisation.name)
    usage = await _usage([row["id"] for row in rows])
    for row in rows:
        row["used"] = usage[row["id"]]
    return rows


async def suggested(event_id: int | None = None) -> list[Row]:
    """Suggested organisations (of one event, or of all), for the organiser to decide on."""
    rows = [row for row in await all_organisations() if row["status"] == "suggested"]
    if event_id is not None:
        rows = [row for row in rows if row["suggested_at_event"] == event_id]
    return rows


async def events_with_suggestions() -> list[Row]:
    """The events that have suggested organisations waiting, for the page's filter."""
    ids = {
        row["suggested_at_event"]
        for row in await Organisation.select(Organisation.suggested_at_event).where(
            Organisation.status == "suggested"
        )
        if row["suggested_at_event"] is not None
    }
    if not ids:
        return []
    return await Event.select(Event.id, Event.name).where(Event.id.is_in(list(ids)))


async def duplicate_groups() -> list[list[Row]]:
    """Organisations whose names are alike after normalising, two or more per group."""
    groups: dict[str, list[Row]] = {}
    for row in await all_organisations():
        groups.setdefault(normalised(row["name"]), []).append(row)
    found = [rows for rows in groups.values() if len(rows) > 1]
    # Accepted ones first in a group: the likeliest to keep.
    for rows in found:
        rows.sort(key=lambda r: (r["status"] != "accepted", -r["used"], r["name"]))
    return sorted(found, key=lambda rows: normalised(rows[0]["name"]))


async def set_status(organisation_id: int, status: str) -> bool:
    """Accept or reject one organisation; False when it does not exist."""
    async with write_transaction():
        changed = (
            await Organisation.update({Organisation.status: status})
            .where(Organisation.id == organisation_id)
            .returning(Organisation.id)
        )
    return bool(changed)


@dataclass
class MergePlan:
    """What a merge would do, or why it cannot."""

    keep: Row | None = None
    others: list[Row] = field(default_factory=list)
    moves: list[tuple[str, int]] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def parse_ids(raw: list[str]) -> list[int] | None:
    """Whole positive numbers from a form, or None when one is not."""
    ids: list[int] = []
    for item in raw:
        text = item.strip()
        if not text.isdigit() or int(text) <= 0 or int(text) > 2**31 - 1:
            return None
        ids.append(int(text))
    return ids


async def merge_plan(keep_id: int, other_ids: list[int]) -> MergePlan:
    """Check a merge and count, per kind of thing, what would move to the kept organisation."""
    others = sorted(set(other_ids))
    if not others:
        return MergePlan(error=_("Choose at least one organisation to merge."))
    if keep_id in others:
        return MergePlan(error=_("An organisation cannot be merged into itself."))
    rows = await Organisation.select(Organisation.id, Organisation.name, Organisation.status).where(
        Organisation.id.is_in([keep_id, *others])
    )
    by_id = {row["id"]: row for row in rows}
    if keep_id not in by_id:
        return MergePlan(error=_("The organisation to keep does not exist (any more)."))
    if any(other not in by_id for other in others):
        return MergePlan(error=_("One of the organisations to merge does not exist (any more)."))
    moves = []
    for column in _reference_columns():
        count = await column._meta.table.count().where(column.is_in(others))
        if count:
            moves.append((_reference_label(column), count))
    return MergePlan(keep=by_id[keep_id], others=[by_id[o] for o in others], moves=moves)


async def merge(keep_id: int, other_ids: list[int], organiser: Organiser | None) -> MergePlan:
    """Move every reference from the others to `keep_id`, delete the others, accept the kept
    one and write an audit entry, in one transaction; nothing changes when a check fails."""
    async with write_transaction():
        plan = await merge_plan(keep_id, other_ids)
        if not plan.ok:
            return plan
        others = [row["id"] for row in plan.others]
        for column in _reference_columns():
            table = column._meta.table
            await table.update({column: keep_id}).where(column.is_in(others))
        await Organisation.delete().where(Organisation.id.is_in(others))
        await Organisation.update({Organisation.status: "accepted"}).where(
            Organisation.id == keep_id
        )
        await AuditEntry.insert(
            AuditEntry(
                user_id=organiser.id if organiser else None,
                username=organiser.username if organiser else "",
                method="MERGE",
                path=(
                    f"/organise/organisations/{keep_id}/merge"
                    f"?from={','.join(str(o) for o in others)}"
                )[:500],
                status_code=200,
            )
        )
    return plan
