"""Stored suggestions of people to talk to: computed when their inputs change, read in one query.

A page view never runs the matcher when the participant's suggestions are stored: it reads
their rows (`pair_suggestion`) joined to the suggested people, one query.

What makes them out of date, and what happens then:
- **their own inputs** — their offer, question, themes or organisation (`update_profile`),
  a pair they join or someone joins theirs (`join_pair`), their erasure: the writer calls
  `forget` in its transaction, which deletes their rows; the next page view computes them again
  for that participant alone (`for_page`).
- **anybody else's** — new, cancelled or erased participants, other people's profiles and
  pairs, practice examples and themes: these raise the event's data version
  (`events.freshness`). A page view notices it at most every CHECK_SECONDS per worker; one
  worker claims the event in the database and recomputes every participant of it in one pass
  after the response (`refresh_if_due`), the matcher's work in a thread.
- pledges and workshop choices are not inputs of the matcher (events.pairs.suggestions), so
  they invalidate nothing.
- **what is shown of the suggested person** (name, organisation and whether it is accepted,
  their consent to show their name, being registered) is read fresh with the rows, so a
  withdrawn consent, a cancellation or an erasure hides them from the very next page view.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import MutableMapping
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar.background_tasks import BackgroundTask

from events.db import outside_snapshot, write_transaction
from events.freshness.services import data_version
from events.pairs.suggestions import Matcher, load_matcher, reason_text
from events.pairs.tables import Suggestion, SuggestionRefresh

log = logging.getLogger("events.pairs.stored")

SHOWN = 5
# Stored per participant: more than shown, so people hidden since (consent withdrawn,
# cancelled) still leave enough to show until the next computation.
STORED = 8
# How often a worker looks whether the event changed: a whole-event pass writes ~27,000 rows
# on the large parade (a second or two of write lock on SQLite), so not more than this.
CHECK_SECONDS = 300.0
CLAIM = timedelta(minutes=5)
INSERT_BATCH = 1000


def _rows(matcher: Matcher, event_id: int, participant_ids: list[int]) -> list[Suggestion]:
    """The rows to store for these participants: a rank-0 marker and their best STORED."""
    now = datetime.now(UTC)
    rows = []
    for participant_id in participant_ids:
        rows.append(Suggestion(participant=participant_id, event=event_id, computed_at=now))
        best = matcher.best(participant_id, STORED, public_only=True)
        for rank, (other, score) in enumerate(best, 1):
            parts = matcher.reason_parts(participant_id, other)
            rows.append(
                Suggestion(
                    participant=participant_id,
                    event=event_id,
                    other=other,
                    rank=rank,
                    score=score,
                    reason=json.dumps(parts, ensure_ascii=False),
                    computed_at=now,
                )
            )
    return rows


async def _insert(rows: list[Suggestion]) -> None:
    for start in range(0, len(rows), INSERT_BATCH):
        await Suggestion.insert(*rows[start : start + INSERT_BATCH])


async def compute_for(participant_id: int, event_id: int) -> list[dict[str, Any]]:
    """Compute and store one participant's suggestions (their own inputs changed); returns
    them as a page shows them (so a page in a read snapshot need not read them back)."""
    matcher = await load_matcher(event_id)
    rows = _rows(matcher, event_id, [participant_id])
    async with write_transaction():
        await Suggestion.delete().where(Suggestion.participant == participant_id)
        await _insert(rows)
    labels = Matcher.labels()
    return [
        {
            "participant_id": row.other,
            "name": matcher.people[row.other].name,
            "organisation": matcher.people[row.other].organisation,
            "public_name": True,
            "score": row.score,
            "reason": reason_text(json.loads(row.reason), labels),
        }
        for row in rows[1 : SHOWN + 1]
    ]


async def refresh_event(event_id: int) -> int:
    """Compute and store the suggestions of every registered participant of the event in one
    pass (the CPU part in a thread, so the worker keeps answering); returns how many."""
    matcher = await load_matcher(event_id)
    rows = await asyncio.to_thread(_rows, matcher, event_id, list(matcher.people))
    async with write_transaction():
        await Suggestion.delete().where(Suggestion.event == event_id)
        await _insert(rows)
    return len(matcher.people)


async def forget(participant_ids: list[int]) -> None:
    """Their own inputs changed: their stored suggestions go (inside the caller's transaction),
    so the next page view computes them again."""
    if participant_ids:
        await Suggestion.delete().where(Suggestion.participant.is_in(participant_ids))


async def forget_person(participant_id: int) -> None:
    """An erased participant: their own suggestions, and every suggestion of them to others."""
    await Suggestion.delete().where(
        (Suggestion.participant == participant_id) | (Suggestion.other == participant_id)
    )


async def stored_for(participant_id: int) -> list[dict[str, Any]] | None:
    """The stored suggestions as a page shows them, or None when none are stored (one query).

    Only people who are registered and still agree to show their name; an organisation only
    once accepted; the reason in the current language.
    """
    rows = (
        await Suggestion.select(
            Suggestion.rank,
            Suggestion.other,
            Suggestion.score,
            Suggestion.reason,
            Suggestion.other.name.as_alias("name"),
            Suggestion.other.status.as_alias("status"),
            Suggestion.other.consent_public_name_at.as_alias("consent_public_name_at"),
            Suggestion.other.organisation.name.as_alias("organisation"),
            Suggestion.other.organisation.status.as_alias("organisation_status"),
        )
        .where(Suggestion.participant == participant_id)
        .order_by(Suggestion.rank)
    )
    if not rows:
        return None
    labels = Matcher.labels()
    shown: list[dict[str, Any]] = []
    seen: set[int] = set()
    for row in rows:
        other = row["other"]
        if (
            other is None
            or other in seen
            or row["status"] != "registered"
            or row["consent_public_name_at"] is None
        ):
            continue
        seen.add(other)
        shown.append(
            {
                "participant_id": other,
                "name": row["name"],
                "organisation": row["organisation"]
                if row["organisation_status"] == "accepted"
                else None,
                "public_name": True,
                "score": row["score"],
                "reason": reason_text(json.loads(row["reason"]), labels),
            }
        )
        if len(shown) == SHOWN:
            break
    return shown


async def for_page(participant_id: int, event_id: int) -> list[dict[str, Any]]:
    """The participant's suggestions for their page: stored ones, else computed and stored."""
    shown = await stored_for(participant_id)
    if shown is None:
        shown = await compute_for(participant_id, event_id)
    return shown


async def _claim(event_id: int, exists: bool) -> bool:
    """Whether this worker gets to recompute the event now (no other worker is at it)."""
    now = datetime.now(UTC)
    if not exists:
        try:
            await SuggestionRefresh.insert(
                SuggestionRefresh(event=event_id, claimed_until=now + CLAIM)
            )
        except Exception:  # another worker made the row first (unique event): theirs
            return False
        return True
    claimed = (
        await SuggestionRefresh.update({SuggestionRefresh.claimed_until: now + CLAIM})
        .where(
            (SuggestionRefresh.event == event_id)
            & (SuggestionRefresh.claimed_until.is_null() | (SuggestionRefresh.claimed_until < now))
        )
        .returning(SuggestionRefresh.id)
    )
    return bool(claimed)


async def refresh_if_changed(event_id: int) -> bool:
    """Recompute the whole event when its data changed since the last time (and no other
    worker is doing it); True when this call did."""
    version = await data_version()
    row = (
        await SuggestionRefresh.select(SuggestionRefresh.data_version)
        .where(SuggestionRefresh.event == event_id)
        .first()
    )
    if row is not None and row["data_version"] == version:
        return False
    if not await _claim(event_id, exists=row is not None):
        return False
    refreshed = False
    try:
        await refresh_event(event_id)
        refreshed = True
    finally:
        values: dict[Any, Any] = {SuggestionRefresh.claimed_until: None}
        if refreshed:
            values[SuggestionRefresh.data_version] = version
            values[SuggestionRefresh.refreshed_at] = datetime.now(UTC)
        await SuggestionRefresh.update(values).where(SuggestionRefresh.event == event_id)
    return True


async def refresh_if_due(checks: dict[int, float], event_id: int) -> None:
    """After a page view: at most every CHECK_SECONDS per worker (`checks`, kept in the app's
    state), see whether the event's suggestions need recomputing; never raises."""
    now = time.monotonic()
    if checks.get(event_id, 0.0) > now:
        return
    checks[event_id] = now + CHECK_SECONDS
    try:
        async with outside_snapshot():
            await refresh_if_changed(event_id)
    except Exception:
        log.exception(
            "recomputing the suggestions of event %s failed; trying again later", event_id
        )


def refresh_after(state: MutableMapping[str, Any], event_id: int | None) -> BackgroundTask | None:
    """The background task a page of the event's participants runs after its response
    (`refresh_if_due`, with the worker's checks kept in the app's `state`)."""
    if event_id is None:
        return None
    return BackgroundTask(refresh_if_due, state.setdefault("suggestion_checks", {}), event_id)
