"""Organisers' own texts of the registration mails, with placeholders in plain words.

Each registration mail (confirmation, waiting list, seat came free, programme changed, details
changed, cancelled, link) may have an organiser's subject and body per language; without one the
built-in text is sent. English is optional: English-speaking participants then get the built-in
English text. Placeholders are written as words in square brackets, Dutch or English:
"[naam]" / "[name]" and so on. All but the personal link are filled in when the mail is queued;
the link is known only when the mail is sent, so it stays as `LINK_MARKER` until then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from events.calendar.invites import InviteData
from events.db import write_transaction
from events.mail.rendering import LINK_MARKER, environment
from events.registration.tables import MailText
from events.web.i18n import _current_language, format_clock, format_day, set_current_language
from events.web.i18n import gettext as _

SUBJECT_LIMIT = 200
BODY_LIMIT = 6000
KINDS = ("confirmation", "waitlisted", "promoted", "programme", "changed", "cancelled", "link")
# Mails that exist to hand over the personal link: a text without it would strand people.
NEEDS_LINK = frozenset({"confirmation", "waitlisted", "promoted", "link"})


@dataclass(frozen=True)
class Placeholder:
    key: str
    dutch: str
    english: str

    def tokens(self) -> tuple[str, str]:
        return (f"[{self.dutch}]", f"[{self.english}]")


PLACEHOLDERS = (
    Placeholder("name", "naam", "name"),
    Placeholder("event", "evenement", "event"),
    Placeholder("date", "datum", "date"),
    Placeholder("time", "tijd", "time"),
    Placeholder("place", "plaats", "place"),
    Placeholder("programme", "mijn programma", "my programme"),
    Placeholder("changes", "wijzigingen", "changes"),
    Placeholder("link", "mijn link", "my link"),
)
_TOKENS = {token.lower(): item.key for item in PLACEHOLDERS for token in item.tokens()}
_BRACKETED = re.compile(r"\[[^\[\]\n]{1,40}\]")


def kind_labels() -> dict[str, str]:
    """What each mail is, in the organiser's language."""
    return {
        "confirmation": _("Confirmation of a registration"),
        "waitlisted": _("Confirmation with a place on a waiting list"),
        "promoted": _("A seat came free"),
        "programme": _("The programme changed"),
        "changed": _("Their details changed"),
        "cancelled": _("Registration cancelled"),
        "link": _("Their personal link, sent again"),
    }


def placeholder_help() -> list[tuple[str, str]]:
    """(placeholder, what it becomes) for the page's help."""
    meaning = {
        "name": _("the participant's name"),
        "event": _("the name of the event"),
        "date": _("the date of the day"),
        "time": _("the start and end time of the day"),
        "place": _("the venue and address"),
        "programme": _("their workshops with times, rooms and waiting list places"),
        "changes": _("what changed for them (only in “The programme changed”)"),
        "link": _("their personal link to see and change their registration"),
    }
    return [(f"[{item.dutch}]", meaning[item.key]) for item in PLACEHOLDERS]


def text_errors(kind: str, subject: str, body: str) -> dict[str, str]:
    """What is wrong with one language's subject and body (empty both: the built-in text)."""
    errors: dict[str, str] = {}
    if not subject and not body:
        return errors
    if not subject:
        errors["subject"] = _("Fill in a subject, or leave the body empty too.")
    elif len(subject) > SUBJECT_LIMIT:
        errors["subject"] = _("At most %(limit)s characters.", limit=SUBJECT_LIMIT)
    if not body:
        errors["body"] = _("Fill in the text, or leave the subject empty too.")
    elif len(body) > BODY_LIMIT:
        errors["body"] = _("At most %(limit)s characters.", limit=BODY_LIMIT)
    found = _BRACKETED.findall(f"{subject}\n{body}")
    unknown = sorted({token for token in found if token.lower() not in _TOKENS})
    if unknown:
        errors.setdefault(
            "body",
            _(
                "Unknown placeholder: %(unknown)s. Use one of the list next to the text.",
                unknown=", ".join(unknown),
            ),
        )
    elif body and kind in NEEDS_LINK and not _uses(body, "link"):
        errors["body"] = _(
            "Put [mijn link] in the text: without it the participant cannot see or change "
            "their registration."
        )
    if subject and _uses(subject, "link"):
        errors["subject"] = _("The personal link cannot go in the subject.")
    return errors


def _uses(text: str, key: str) -> bool:
    return any(_TOKENS.get(token.lower()) == key for token in _BRACKETED.findall(text))


def fill(text: str, values: dict[str, str]) -> str:
    """The text with each placeholder replaced by its value; the link becomes LINK_MARKER."""

    def replace(match: re.Match[str]) -> str:
        key = _TOKENS.get(match.group(0).lower())
        if key is None:
            return match.group(0)
        if key == "link":
            return LINK_MARKER
        return values.get(key, "")

    return _BRACKETED.sub(replace, text)


def filled(
    own: dict[str, str],
    language: str,
    name: str,
    invite: InviteData,
    workshops: list[dict[str, Any]],
    changes: list[dict[str, Any]],
) -> dict[str, str]:
    """An own subject and body with one person's details in place of the placeholders, in
    their language; the programme and changes are the lines the built-in mail shows."""
    token = set_current_language(language)
    try:
        macros = environment().get_template("mail/_changes.txt").module
        values = {
            "name": name,
            "event": invite.summary,
            "date": format_day(invite.start, invite.timezone),
            "time": f"{format_clock(invite.start, invite.timezone)}–"
            f"{format_clock(invite.end, invite.timezone)}",
            "place": invite.location,
            "programme": "\n".join(f"- {macros.workshop_line(w)}" for w in workshops),
            "changes": "\n".join(f"- {macros.change_line(c)}" for c in changes),
        }
    finally:
        _current_language.reset(token)
    return {"subject": fill(own["subject"], values).strip(), "body": fill(own["body"], values)}


async def texts_of(event_id: int) -> dict[tuple[str, str], dict[str, Any]]:
    """The event's own texts by (kind, language)."""
    rows = await MailText.select(
        MailText.kind, MailText.language, MailText.subject, MailText.body, MailText.updated_at
    ).where(MailText.event == event_id)
    return {(row["kind"], row["language"]): row for row in rows}


async def own_text(event_id: int, kind: str, language: str) -> dict[str, str] | None:
    """The organiser's subject and body of this mail in this language, or None."""
    row = (
        await MailText.select(MailText.subject, MailText.body)
        .where(
            (MailText.event == event_id) & (MailText.kind == kind) & (MailText.language == language)
        )
        .first()
    )
    return {"subject": row["subject"], "body": row["body"]} if row else None


async def save(event_id: int, kind: str, texts: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Store both languages' texts of one mail at once; errors are keyed `<language>_<field>`.

    Nothing is written when any language has an error. An empty subject and body removes the
    language's own text, so the built-in one is sent again.
    """
    errors = {
        f"{language}_{field}": message
        for language, (subject, body) in texts.items()
        for field, message in text_errors(kind, subject, body).items()
    }
    if errors:
        return errors
    async with write_transaction():
        for language, (subject, body) in texts.items():
            await MailText.delete().where(
                (MailText.event == event_id)
                & (MailText.kind == kind)
                & (MailText.language == language)
            )
            if subject or body:
                row = MailText(event=event_id, kind=kind, language=language)
                row.subject, row.body = subject, body
                await MailText.insert(row)
    return {}
