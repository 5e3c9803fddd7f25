"""Submitting a form once: the hidden `submission_key` and the rule "one thing per submission".

A form that creates something (a registration, a pledge, a conversation pair) carries a random
key, made when the page is rendered (`new_key`). `once` runs the creation and records the
submission in the same write transaction, in a table where (scope, key, fingerprint) is unique.
The same submission sent again (a double tap, a resubmitted form, back and submit) finds itself
recorded: it makes nothing, mails nothing and learns what the first one made, so it can answer
the same way.

A submission is its key *and* what was sent (the fingerprint, a digest of the form's fields).
The same page sent with other contents is another submission: a tablet at the entrance where
the next person presses "back" and registers is a new registration, never mistaken for the
previous person's, and a pledge changed after "back" is not silently dropped.

Why a table of used keys rather than a unique key column on each created table: one mechanism
serves every form, the forms' own tables stay as they are, and it also covers a submission that
creates no row of its own (registering an address that is already registered mails a link; a
double tap must not mail it twice).

Concurrency: on PostgreSQL the second INSERT of a submission waits for the first transaction and
then finds its row (ON CONFLICT DO NOTHING); on SQLite write transactions take turns. A
submission that made nothing (the form had errors, or it failed) leaves no row, so the corrected
form can be sent with the same key. Forms without a key (old pages, the JSON API) work as before.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

from events.db import write_transaction
from events.idempotency.tables import SubmissionKey

FIELD = "submission_key"
KEEP = timedelta(days=30)  # how long a submission is remembered
# Fields that say nothing about what was submitted.
_NOT_CONTENT = frozenset({FIELD, "_csrf_token"})

_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

T = TypeVar("T")


def new_key() -> str:
    """A fresh key for one rendering of a form (128 random bits)."""
    return secrets.token_urlsafe(16)


@dataclass(frozen=True)
class Submission:
    """One sending of a form: the key it was rendered with and a digest of its fields."""

    key: str
    fingerprint: str


def submission_of(form: Any) -> Submission | None:
    """The submission of a posted form (a multi-dict), or None when it carries no key of ours."""
    key = str(form.get(FIELD, "") or "")
    if not _KEY.match(key):
        return None
    fields = sorted(
        (name, str(value)) for name, value in form.multi_items() if name not in _NOT_CONTENT
    )
    digest = hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8"))
    return Submission(key=key, fingerprint=digest.hexdigest())


@dataclass(frozen=True)
class Made:
    """What a submission made: a kind of thing and its id."""

    kind: str
    id: int | None = None


@dataclass(frozen=True)
class Once(Generic[T]):
    """The outcome of `once`: `result` of the creation, or, when the submission was sent
    before, `repeat`: what the first one made (and `result` is None)."""

    result: T | None = None
    repeat: Made | None = None


async def once(
    scope: str,
    submission: Submission | None,
    create: Callable[[], Awaitable[T]],
    made: Callable[[T], Made | None],
) -> Once[T]:
    """Run `create` unless this submission was handled in `scope` before.

    `made(result)` says what the creation made, or None when it made nothing (errors): then no
    record is kept. `create` runs inside this write transaction (its own `write_transaction`
    joins it), so the record and the thing are committed together or not at all. Without a
    submission key, `create` just runs.
    """
    if submission is None:
        return Once(result=await create())
    match = (
        (SubmissionKey.scope == scope)
        & (SubmissionKey.submission_key == submission.key)
        & (SubmissionKey.fingerprint == submission.fingerprint)
    )
    async with write_transaction():
        await SubmissionKey.delete().where(
            (SubmissionKey.scope == scope) & (SubmissionKey.created_at < datetime.now(UTC) - KEEP)
        )
        claimed = (
            await SubmissionKey.insert(
                SubmissionKey(
                    scope=scope,
                    submission_key=submission.key,
                    fingerprint=submission.fingerprint,
                )
            )
            .on_conflict(
                target=(
                    SubmissionKey.scope,
                    SubmissionKey.submission_key,
                    SubmissionKey.fingerprint,
                ),
                action="DO NOTHING",
            )
            .returning(SubmissionKey.id)
        )
        if not claimed:
            first = (
                await SubmissionKey.select(SubmissionKey.made_kind, SubmissionKey.made_id)
                .where(match)
                .first()
            )
            assert first is not None
            return Once(repeat=Made(first["made_kind"], first["made_id"]))
        row_id = claimed[0]["id"]
        result = await create()
        outcome = made(result)
        if outcome is None:
            await SubmissionKey.delete().where(SubmissionKey.id == row_id)
        else:
            await SubmissionKey.update(
                {SubmissionKey.made_kind: outcome.kind, SubmissionKey.made_id: outcome.id}
            ).where(SubmissionKey.id == row_id)
    return Once(result=result)
