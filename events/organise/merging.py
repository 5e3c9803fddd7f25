"""Merging duplicates of a shared list (organisations, themes) into the one an organiser keeps.

Names are compared after normalising (case, accents, punctuation, spaces, common Dutch
abbreviations such as "Gem." for "Gemeente"). A merge moves every reference to the merged rows
to the kept one — found through the foreign keys that point at the table, so a new table that
links to it is covered without changes here — deletes the merged rows and writes an audit entry,
all in one transaction. A link table (two foreign keys and nothing else, e.g. participant_theme
with a unique pair) first drops the links that would become duplicates.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from piccolo.columns import ForeignKey
from piccolo.table import Table

from events.db import write_transaction
from events.organise.tables import AuditEntry
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
}
NOT_A_LETTER = re.compile(r"[^\w]+")
MAX_ID = 2**31 - 1


def normalised(name: str) -> str:
    """The name as a comparison key: lower case, no accents or punctuation, single spaces,
    common abbreviations written out ("Gem. Leiden" and "gemeente  leiden" become one)."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = NOT_A_LETTER.sub(" ", text.lower().replace("_", " ")).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def parse_ids(raw: list[str]) -> list[int] | None:
    """Whole positive numbers from a form, or None when one is not."""
    ids: list[int] = []
    for item in raw:
        text = item.strip()
        if not text.isdigit() or not 0 < int(text) <= MAX_ID:
            return None
        ids.append(int(text))
    return ids


def reference_columns(table: type[Table]) -> list[ForeignKey]:
    """Every foreign key column that points at `table`, each once, in a stable order."""
    seen: dict[tuple[str, str], ForeignKey] = {}
    for column in table._meta.foreign_key_references:
        key = (column._meta.table._meta.tablename, column._meta.db_column_name)
        seen.setdefault(key, column)
    return [seen[key] for key in sorted(seen)]


def _link_partner(column: ForeignKey) -> ForeignKey | None:
    """The other foreign key of a link table (id plus two foreign keys), else None."""
    table = column._meta.table
    others = [c for c in table._meta.foreign_key_columns if c is not column]
    if len(others) == 1 and len(table._meta.columns) == 3:
        return others[0]
    return None


async def usage(table: type[Table], ids: list[int]) -> dict[int, int]:
    """How many rows refer to each of these rows, all referring tables together."""
    counts = dict.fromkeys(ids, 0)
    if not ids:
        return counts
    for column in reference_columns(table):
        rows = await column._meta.table.select(column.as_alias("target")).where(column.is_in(ids))
        for row in rows:
            counts[row["target"]] += 1
    return counts


def duplicate_groups(rows: list[Row]) -> list[list[Row]]:
    """Rows whose names are alike after normalising, two or more per group; in a group the
    most used first (the likeliest to keep, unless `rank` in the row says otherwise)."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(normalised(row["name"]), []).append(row)
    found = [group for group in groups.values() if len(group) > 1]
    for group in found:
        group.sort(key=lambda r: (r.get("rank", 0), -r.get("used", 0), r["name"]))
    return sorted(found, key=lambda group: normalised(group[0]["name"]))


@dataclass(frozen=True)
class Labels:
    """How a merge speaks about its rows (translated when used)."""

    table_labels: dict[str, Callable[[], str]]
    cannot_itself: Callable[[], str]
    keep_missing: Callable[[], str]
    other_missing: Callable[[], str]


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


async def merge_plan(
    table: type[Table], labels: Labels, keep_id: int, other_ids: list[int]
) -> MergePlan:
    """Check a merge and count, per kind of thing, what would move to the kept row."""
    others = sorted(set(other_ids))
    if not others:
        return MergePlan(error=_("Choose at least one to merge into the one you keep."))
    if keep_id in others:
        return MergePlan(error=labels.cannot_itself())
    id_column = table._meta.primary_key
    name_column = table._meta.get_column_by_name("name")
    rows = await table.select(id_column.as_alias("id"), name_column.as_alias("name")).where(
        id_column.is_in([keep_id, *others])
    )
    by_id = {row["id"]: row for row in rows}
    if keep_id not in by_id:
        return MergePlan(error=labels.keep_missing())
    if any(other not in by_id for other in others):
        return MergePlan(error=labels.other_missing())
    moves = []
    for column in reference_columns(table):
        count = await column._meta.table.count().where(column.is_in(others))
        if count:
            tablename = column._meta.table._meta.tablename
            label = labels.table_labels.get(tablename)
            moves.append((label() if label else tablename.replace("_", " "), count))
    return MergePlan(keep=by_id[keep_id], others=[by_id[o] for o in others], moves=moves)


async def _move(column: ForeignKey, keep_id: int, others: list[int]) -> None:
    """Point the rows of one referring column at `keep_id`, without duplicate links."""
    table = column._meta.table
    partner = _link_partner(column)
    if partner is not None:
        kept = [
            row["owner"]
            for row in await table.select(partner.as_alias("owner")).where(column == keep_id)
        ]
        if kept:
            await table.delete().where(column.is_in(others) & partner.is_in(kept))
        # An owner linked to two of the merged rows keeps one link.
        pk = table._meta.primary_key
        rows = await table.select(pk.as_alias("id"), partner.as_alias("owner")).where(
            column.is_in(others)
        )
        first: dict[Any, int] = {}
        for row in sorted(rows, key=lambda r: r["id"]):
            first.setdefault(row["owner"], row["id"])
        extra = [row["id"] for row in rows if first[row["owner"]] != row["id"]]
        if extra:
            await table.delete().where(pk.is_in(extra))
    await table.update({column: keep_id}).where(column.is_in(others))


async def merge(
    table: type[Table],
    labels: Labels,
    keep_id: int,
    other_ids: list[int],
    organiser: Organiser | None,
    audit_path: str,
    after: Callable[[int], Awaitable[None]] | None = None,
) -> MergePlan:
    """Move every reference from the others to `keep_id`, delete the others, run `after` and
    write an audit entry, in one transaction; nothing changes when a check or a step fails."""
    async with write_transaction():
        plan = await merge_plan(table, labels, keep_id, other_ids)
        if not plan.ok:
            return plan
        others = [row["id"] for row in plan.others]
        for column in reference_columns(table):
            await _move(column, keep_id, others)
        await table.delete().where(table._meta.primary_key.is_in(others))
        if after is not None:
            await after(keep_id)
        await AuditEntry.insert(
            AuditEntry(
                user_id=organiser.id if organiser else None,
                username=organiser.username if organiser else "",
                method="MERGE",
                path=f"{audit_path}?from={','.join(str(o) for o in others)}"[:500],
                status_code=200,
            )
        )
    return plan
