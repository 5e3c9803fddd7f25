"""The rules of conversation pairs: start, join by code, write a recommendation, confirm, hide.

Plain values in and out. Every write that checks-then-changes runs in one write transaction;
"at most two members" is also a database rule (unique (pair, role), roles 'a' and 'b').
A pair becomes complete (and public, unless hidden) only when both members confirmed; any later
change to the title or an entry takes both confirmations back.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from piccolo.engine.sqlite import SQLiteEngine

from events import db
from events.pairs import stored
from events.pairs.tables import REASON_LIMIT, TEXT_LIMIT, TITLE_LIMIT, Pair, PairMember
from events.programme.tables import PracticeExample
from events.registration.tables import Participant
from events.web.i18n import gettext as _

# No 0/O, 1/I/L: easy to read aloud and to type from a phone screen.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


class PairError(Exception):
    """A rule was broken; `errors` maps a form field to a message for the person."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """What the person typed, in upper case, without spaces or dashes."""
    return "".join(raw.split()).replace("-", "").upper()


async def _registered(participant_id: int) -> dict[str, Any] | None:
    return (
        await Participant.select(Participant.id, Participant.event, Participant.organisation)
        .where((Participant.id == participant_id) & (Participant.status == "registered"))
        .first()
    )


async def start_pair(participant_id: int) -> int:
    """A new open pair with the participant as its first member; returns its id."""
    participant = await _registered(participant_id)
    if participant is None:
        raise PairError({"pair": _("Only registered participants can start a pair.")})
    async with db.write_transaction():
        for _attempt in range(20):
            code = new_code()
            taken = await Pair.exists().where(
                (Pair.event == participant["event"]) & (Pair.code == code)
            )
            if not taken:
                break
        else:  # pragma: no cover - 31**6 codes per event
            raise PairError({"pair": _("No free code was found; please try again.")})
        rows = await Pair.insert(
            Pair(event=participant["event"], code=code, started_by=participant_id)
        ).returning(Pair.id)
        pair_id = int(rows[0]["id"])
        await PairMember.insert(PairMember(pair=pair_id, participant=participant_id, role="a"))
    return pair_id


@dataclass
class JoinResult:
    """The pair joined, or errors per field; `same_organisation` asks for a confirmation."""

    pair_id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)
    same_organisation: bool = False


def _code_error(code: str) -> str | None:
    if not code:
        return _("Fill in the code of the pair, for example K7PX3M.")
    if len(code) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
        return _(
            "A code has %(length)s letters and digits (no 0, O, 1 or I), for example K7PX3M.",
            length=CODE_LENGTH,
        )
    return None


async def join_pair(participant_id: int, raw_code: str, same_organisation_ok: bool) -> JoinResult:
    """Join the pair with this code at the participant's own event.

    Refused for an unknown code, one's own pair and a full pair. A pair within one organisation
    needs `same_organisation_ok` (the person saw the warning and went on).
    """
    code = normalise_code(raw_code)
    error = _code_error(code)
    if error:
        return JoinResult(errors={"code": error})
    participant = await _registered(participant_id)
    if participant is None:
        return JoinResult(errors={"code": _("Only registered participants can join a pair.")})
    async with db.write_transaction():
        query = Pair.select(Pair.id, Pair.started_by).where(
            (Pair.event == participant["event"]) & (Pair.code == code)
        )
        if not isinstance(db.engine(), SQLiteEngine):  # SQLite: the transaction is IMMEDIATE
            query = query.lock_rows("UPDATE")
        pair = await query.first()
        if pair is None:
            return JoinResult(
                errors={"code": _("There is no pair with code %(code)s at this event.", code=code)}
            )
        members = await PairMember.select(
            PairMember.participant,
            PairMember.role,
            PairMember.participant.organisation.as_alias("organisation"),
        ).where(PairMember.pair == pair["id"])
        if any(member["participant"] == participant_id for member in members):
            if pair["started_by"] == participant_id and len(members) == 1:
                return JoinResult(
                    errors={
                        "code": _(
                            "This is your own pair: show the code to the person you are "
                            "talking to, so they can join."
                        )
                    }
                )
            return JoinResult(pair_id=pair["id"])
        if len(members) >= 2:
            return JoinResult(
                errors={"code": _("This pair is already complete: it has two people.")}
            )
        mine = participant["organisation"]
        same = mine is not None and any(m["organisation"] == mine for m in members)
        if same and not same_organisation_ok:
            return JoinResult(
                same_organisation=True,
                errors={
                    "code": _(
                        "You both work at the same organisation. The idea is to learn from "
                        "another organisation; confirm below to join anyway."
                    )
                },
            )
        taken_roles = {member["role"] for member in members}
        role = "b" if "a" in taken_roles else "a"
        try:
            await PairMember.insert(
                PairMember(pair=pair["id"], participant=participant_id, role=role)
            )
        except Exception as error:  # a concurrent join took the place (unique pair, role)
            if "unique" in str(error).lower() or "constraint" in str(error).lower():
                return JoinResult(
                    errors={"code": _("This pair is already complete: it has two people.")}
                )
            raise
        await _unconfirm(pair["id"])
        # One's partners are never suggested: both lists are computed again.
        await stored.forget([participant_id, *(member["participant"] for member in members)])
    return JoinResult(pair_id=pair["id"])


@dataclass
class EntryForm:
    """What one member fills in: the shared title, their recommendation and why."""

    title: str = ""
    practice_id: int | None = None
    recommendation_text: str = ""
    why: str = ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


async def _member(pair_id: int, participant_id: int) -> dict[str, Any] | None:
    return (
        await PairMember.select()
        .where((PairMember.pair == pair_id) & (PairMember.participant == participant_id))
        .first()
    )


async def _unconfirm(pair_id: int) -> None:
    await PairMember.update({PairMember.confirmed_at: None}).where(PairMember.pair == pair_id)
    await Pair.update({Pair.status: "open", Pair.completed_at: None}).where(Pair.id == pair_id)


async def save_entry(pair_id: int, participant_id: int, form: EntryForm) -> dict[str, str]:
    """Save the title and this member's own recommendation; returns errors per field.

    Only a member can write, and only their own entry. A real change takes back both
    confirmations, so nothing is published that a member did not see.
    """
    title = _one_line(form.title)
    text = form.recommendation_text.strip()
    why = form.why.strip()
    errors: dict[str, str] = {}
    if len(title) > TITLE_LIMIT:
        errors["title"] = _("At most %(limit)s characters, please.", limit=TITLE_LIMIT)
    if len(text) > TEXT_LIMIT:
        errors["recommendation_text"] = _("At most %(limit)s characters, please.", limit=TEXT_LIMIT)
    if len(why) > TEXT_LIMIT:
        errors["why"] = _("At most %(limit)s characters, please.", limit=TEXT_LIMIT)
    async with db.write_transaction():
        member = await _member(pair_id, participant_id)
        pair = await Pair.select(Pair.event, Pair.title).where(Pair.id == pair_id).first()
        if member is None or pair is None:
            raise PairError({"pair": _("This is not your pair.")})
        if form.practice_id is not None:
            known = await PracticeExample.exists().where(
                (PracticeExample.id == form.practice_id) & (PracticeExample.event == pair["event"])
            )
            if not known:
                errors["practice"] = _("Choose a practice example of this event.")
        if errors:
            return errors
        changed = (
            title != pair["title"]
            or form.practice_id != member["recommendation_practice"]
            or text != member["recommendation_text"]
            or why != member["why"]
        )
        if not changed:
            return {}
        await Pair.update({Pair.title: title}).where(Pair.id == pair_id)
        await PairMember.update(
            {
                PairMember.recommendation_practice: form.practice_id,
                PairMember.recommendation_text: text,
                PairMember.why: why,
            }
        ).where(PairMember.id == member["id"])
        await _unconfirm(pair_id)
    return {}


def missing_for_confirmation(pair: dict[str, Any], members: list[dict[str, Any]]) -> list[str]:
    """What still blocks confirming: 'partner', 'title', 'entry:<participant id>'."""
    missing: list[str] = []
    if len(members) < 2:
        missing.append("partner")
    if not pair["title"]:
        missing.append("title")
    for member in members:
        if member["recommendation_practice"] is None and not member["recommendation_text"]:
            missing.append(f"entry:{member['participant']}")
    return missing


async def confirm(pair_id: int, participant_id: int) -> dict[str, str]:
    """This member agrees to publish the pair as it is; complete once both agreed."""
    async with db.write_transaction():
        member = await _member(pair_id, participant_id)
        pair = await Pair.select(Pair.id, Pair.title).where(Pair.id == pair_id).first()
        if member is None or pair is None:
            raise PairError({"pair": _("This is not your pair.")})
        members = await PairMember.select().where(PairMember.pair == pair_id)
        if missing_for_confirmation(pair, members):
            return {
                "confirm": _(
                    "You can confirm once you are with two, the pair has a title and both of "
                    "you wrote a recommendation."
                )
            }
        now = datetime.now(UTC)
        if member["confirmed_at"] is None:
            await PairMember.update({PairMember.confirmed_at: now}).where(
                PairMember.id == member["id"]
            )
        others_confirmed = all(
            row["confirmed_at"] is not None for row in members if row["id"] != member["id"]
        )
        if others_confirmed:
            await Pair.update({Pair.status: "complete", Pair.completed_at: now}).where(
                Pair.id == pair_id
            )
    return {}


async def hide_pair(event_id: int, pair_id: int, reason: str) -> dict[str, str]:
    """Organisers take a pair off every public page, with a reason."""
    reason = reason.strip()
    if not reason:
        return {"reason": _("Give a reason for hiding this pair.")}
    if len(reason) > REASON_LIMIT:
        return {"reason": _("At most %(limit)s characters, please.", limit=REASON_LIMIT)}
    await Pair.update({Pair.hidden_at: datetime.now(UTC), Pair.hidden_reason: reason}).where(
        (Pair.id == pair_id) & (Pair.event == event_id)
    )
    return {}


async def show_pair(event_id: int, pair_id: int) -> None:
    """Undo hiding."""
    await Pair.update({Pair.hidden_at: None, Pair.hidden_reason: ""}).where(
        (Pair.id == pair_id) & (Pair.event == event_id)
    )
