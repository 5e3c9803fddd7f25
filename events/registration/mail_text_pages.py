"""The organiser's pages of the registration mails' own texts: a list, and per mail a form
for Dutch and English with the placeholders explained and a preview of what people receive."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events.accounts.permissions import Permission, requires
from events.calendar.invites import InviteData
from events.mail.rendering import RenderedMail, render_mail
from events.programme.tables import Event
from events.registration import mail_texts
from events.web.auth import organiser_guard
from events.web.i18n import _current_language, format_clock, set_current_language
from events.web.i18n import gettext as _

SAMPLE_LINK = "https://…/manage/voorbeeld"


async def _event(event_id: int) -> dict[str, Any]:
    event = await Event.select().where(Event.id == event_id).first()
    if event is None:
        raise NotFoundException(detail="event not found")
    return event


def _sample_workshops(event: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    start = event["starts_at"] + timedelta(hours=1)
    status = "waitlisted" if kind == "waitlisted" else "confirmed"
    return [
        {
            "title": _("Sample workshop"),
            "status": status,
            "position": 2 if status == "waitlisted" else None,
            "time": format_clock(start, event["timezone"]),
            "end": format_clock(start + timedelta(minutes=45), event["timezone"]),
            "room": _("Room 1"),
        }
    ]


def preview(
    event: dict[str, Any], kind: str, language: str, subject: str, body: str
) -> RenderedMail:
    """The mail as a sample participant would get it in `language`: with the given own text,
    or the built-in text when both are empty."""
    token = set_current_language(language)
    try:
        invite = InviteData(
            uid="preview",
            sequence=0,
            summary=event["name"],
            start=event["starts_at"],
            end=event["ends_at"],
            timezone=event["timezone"],
            location=", ".join(part for part in (event["venue"], event["address"]) if part),
        )
        workshops = _sample_workshops(event, kind)
        changes = [{"what": "moved", "title": _("Sample workshop"), "time": "11:00", "room": ""}]
        context: dict[str, Any] = {
            "kind": "confirmation" if kind == "waitlisted" else kind,
            "event_name": event["name"],
            "registration_cancelled": kind == "cancelled",
            "workshops": workshops,
            "changes": changes,
            "day_moved": False,
            "invite": invite,
            "recipient_name": "Anne de Vries",
            "unsubscribe_url": None,
            "message": "",
            "manage_url": SAMPLE_LINK,
        }
        if subject or body:
            own = {"subject": subject, "body": body}
            context["own_text"] = mail_texts.filled(
                own, language, "Anne de Vries", invite, workshops, changes
            )
    finally:
        _current_language.reset(token)
    return render_mail("registration", context, language)


class MailTextPages(Controller):
    """Own texts of the registration mails, per event."""

    path = "/organise/events/{event_id:int}/mail-texts"
    guards = [organiser_guard, requires(Permission.CAMPAIGN)]  # noqa: RUF012
    include_in_schema = False

    @get("/", name="organise-mail-texts")
    async def index(self, event_id: FromPath[int]) -> Template:
        texts = await mail_texts.texts_of(event_id)
        return Template(
            "registration/mail_texts.html",
            context={
                "event": await _event(event_id),
                "kinds": mail_texts.KINDS,
                "labels": mail_texts.kind_labels(),
                "texts": texts,
            },
        )

    async def _form(
        self,
        event_id: int,
        kind: str,
        values: dict[str, str],
        errors: dict[str, str],
        status_code: int = 200,
    ) -> Template:
        event = await _event(event_id)
        previews = {
            language: preview(
                event, kind, language, values[f"{language}_subject"], values[f"{language}_body"]
            )
            for language in ("nl", "en")
        }
        return Template(
            "registration/mail_text_edit.html",
            context={
                "event": event,
                "kind": kind,
                "label": mail_texts.kind_labels()[kind],
                "values": values,
                "errors": errors,
                "placeholders": mail_texts.placeholder_help(),
                "needs_link": kind in mail_texts.NEEDS_LINK,
                "previews": previews,
                "english_empty": not (values["en_subject"] or values["en_body"]),
            },
            status_code=status_code,
        )

    @get("/{kind:str}", name="organise-mail-text")
    async def edit(self, event_id: FromPath[int], kind: FromPath[str]) -> Template:
        if kind not in mail_texts.KINDS:
            raise NotFoundException(detail="no such mail")
        texts = await mail_texts.texts_of(event_id)
        values = {}
        for language in ("nl", "en"):
            row = texts.get((kind, language)) or {"subject": "", "body": ""}
            values[f"{language}_subject"] = row["subject"]
            values[f"{language}_body"] = row["body"]
        return await self._form(event_id, kind, values, {})

    @post("/{kind:str}", name="organise-mail-text-save")
    async def save(
        self, event_id: FromPath[int], kind: FromPath[str], request: Request
    ) -> Template | Redirect:
        if kind not in mail_texts.KINDS:
            raise NotFoundException(detail="no such mail")
        await _event(event_id)
        form = await request.form()
        values = {
            f"{language}_{field}": str(form.get(f"{language}_{field}", "")).strip()
            for language in ("nl", "en")
            for field in ("subject", "body")
        }
        if form.get("action") == "preview":
            errors = {
                f"{language}_{field}": message
                for language in ("nl", "en")
                for field, message in mail_texts.text_errors(
                    kind, values[f"{language}_subject"], values[f"{language}_body"]
                ).items()
            }
            return await self._form(event_id, kind, values, errors, 400 if errors else 200)
        texts = {
            language: (values[f"{language}_subject"], values[f"{language}_body"])
            for language in ("nl", "en")
        }
        errors = await mail_texts.save(event_id, kind, texts)
        if errors:
            return await self._form(event_id, kind, values, errors, 400)
        return Redirect(f"/organise/events/{event_id}/mail-texts/?saved={kind}", status_code=303)


ROUTES = [MailTextPages]
