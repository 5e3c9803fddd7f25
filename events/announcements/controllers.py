"""The organiser's announcement pages: history, the form, the review with recipients and
previews, a test to oneself, and sending."""

from __future__ import annotations

import json
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from piccolo.apps.user.tables import BaseUser

from events.accounts.permissions import Permission, requires
from events.announcements import services
from events.announcements.audiences import GROUPS, Audience, event_sessions
from events.mail.rendering import render_mail
from events.programme.tables import Event
from events.settings import Settings
from events.web.auth import Organiser
from events.web.i18n import gettext as _

Row = dict[str, Any]
SAMPLE_SIZE = 10


def group_labels() -> dict[str, str]:
    return {
        "everyone": _("Everyone registered"),
        "workshops": _("The people of chosen workshops or rounds"),
        "waitlist": _("Everyone on a waiting list"),
        "checked_in": _("People who checked in"),
        "not_checked_in": _("People who did not check in"),
        "hosts": _("The hosts (of the chosen workshops, or of all sessions)"),
        "open_pledge": _("People with an open pledge"),
    }


def reason_labels() -> dict[str, str]:
    return {
        "erased": _("their data was erased"),
        "unsubscribed": _("unsubscribed from our mail"),
        "no_address": _("no e-mail address"),
    }


async def _event(event_id: int) -> Row:
    event = (
        await Event.select(Event.id, Event.name, Event.timezone).where(Event.id == event_id).first()
    )
    if event is None:
        raise NotFoundException()
    return event


async def _announcement(event_id: int, announcement_id: int) -> Row:
    row = await services.get(event_id, announcement_id)
    if row is None:
        raise NotFoundException()
    return row


def _ids(values: list[str]) -> tuple[int, ...]:
    return tuple(int(v) for v in values if v.isdigit() and len(v) < 10)


async def _draft_from(request: Request) -> tuple[services.Draft, Row]:
    form = await request.form()
    audience = Audience(
        groups=tuple(g for g in form.getall("audience", []) if g in GROUPS),
        sessions=_ids(form.getall("sessions", [])),
        rounds=_ids(form.getall("rounds", [])),
        seat_status=str(form.get("seat_status", "both")),
    )
    audience = Audience.from_json(audience.to_json())
    draft = services.Draft(
        subject_nl=str(form.get("subject_nl", "")),
        body_nl=str(form.get("body_nl", "")),
        subject_en=str(form.get("subject_en", "")),
        body_en=str(form.get("body_en", "")),
        audience=audience,
    )
    return draft, _values(draft)


def _values(draft: services.Draft) -> Row:
    return {
        "subject_nl": draft.subject_nl,
        "body_nl": draft.body_nl,
        "subject_en": draft.subject_en,
        "body_en": draft.body_en,
        "groups": list(draft.audience.groups),
        "sessions": list(draft.audience.sessions),
        "rounds": list(draft.audience.rounds),
        "seat_status": draft.audience.seat_status,
    }


async def _form_page(event: Row, values: Row, errors: dict[str, str], action: str) -> Template:
    sessions = await event_sessions(event["id"])
    rounds: dict[int, str] = {}
    for session in sessions:
        rounds.setdefault(session["round_id"], session["round_name"])
    return Template(
        "announcements/form.html",
        context={
            "event": event,
            "values": values,
            "errors": errors,
            "action": action,
            "editing": action.endswith("/edit"),
            "group_options": list(group_labels().items()),
            "session_options": [(s["id"], f"{s['title']} ({s['round_name']})") for s in sessions],
            "round_options": list(rounds.items()),
            "seat_options": [
                ("both", _("confirmed and waitlisted")),
                ("confirmed", _("only confirmed")),
                ("waitlisted", _("only waitlisted")),
            ],
        },
        status_code=400 if errors else 200,
    )


def _audience_values(row: Row) -> Row:
    audience = services.audience_of(row)
    return {
        "subject_nl": row["subject_nl"],
        "body_nl": row["body_nl"],
        "subject_en": row["subject_en"],
        "body_en": row["body_en"],
        **{key: value for key, value in audience.to_json().items() if key != "groups"},
        "groups": list(audience.groups),
    }


class AnnouncementController(Controller):
    """/organise/events/{id}/announcements: write, check, test and send announcements."""

    path = "/organise/events/{event_id:int}/announcements"
    guards = [requires(Permission.REGISTRATIONS)]  # noqa: RUF012  (Litestar reads a class attribute)
    include_in_schema = False

    @get("/", name="announcements")
    async def list_page(
        self, event_id: FromPath[int], sent: FromQuery[int | None] = None
    ) -> Template:
        event = await _event(event_id)
        rows = await services.history(event_id)
        for row in rows:
            left_out = row["left_out"]
            row["left_out_list"] = json.loads(left_out) if isinstance(left_out, str) else left_out
        return Template(
            "announcements/list.html",
            context={"event": event, "announcements": rows, "sent": sent},
        )

    @get("/new", name="announcement-new")
    async def new_page(self, event_id: FromPath[int]) -> Template:
        event = await _event(event_id)
        values = _values(services.Draft("", "", "", "", Audience(groups=("everyone",))))
        return await _form_page(event, values, {}, f"/organise/events/{event_id}/announcements/new")

    @post("/new", name="announcement-create")
    async def create(
        self,
        event_id: FromPath[int],
        request: Request,
        organiser: NamedDependency[Organiser | None],
    ) -> Template | Redirect:
        event = await _event(event_id)
        draft, values = await _draft_from(request)
        errors = services.draft_errors(draft)
        if errors:
            return await _form_page(
                event, values, errors, f"/organise/events/{event_id}/announcements/new"
            )
        author = organiser.username if organiser else ""
        new_id = await services.save_draft(event_id, draft, author)
        return Redirect(f"/organise/events/{event_id}/announcements/{new_id}", status_code=303)

    @get("/{announcement_id:int}/edit", name="announcement-edit")
    async def edit_page(self, event_id: FromPath[int], announcement_id: FromPath[int]) -> Template:
        event = await _event(event_id)
        row = await _announcement(event_id, announcement_id)
        action = f"/organise/events/{event_id}/announcements/{announcement_id}/edit"
        return await _form_page(event, _audience_values(row), {}, action)

    @post("/{announcement_id:int}/edit", name="announcement-update")
    async def update(
        self, event_id: FromPath[int], announcement_id: FromPath[int], request: Request
    ) -> Template | Redirect:
        event = await _event(event_id)
        row = await _announcement(event_id, announcement_id)
        back = f"/organise/events/{event_id}/announcements/{announcement_id}"
        if row["sent_at"] is not None:
            return Redirect(back, status_code=303)
        draft, values = await _draft_from(request)
        errors = services.draft_errors(draft)
        if errors:
            return await _form_page(event, values, errors, f"{back}/edit")
        await services.save_draft(event_id, draft, "", draft_id=announcement_id)
        return Redirect(back, status_code=303)

    @get("/{announcement_id:int}", name="announcement")
    async def review(
        self,
        event_id: FromPath[int],
        announcement_id: FromPath[int],
        organiser: NamedDependency[Organiser | None],
        tested: FromQuery[str | None] = None,
    ) -> Template:
        event = await _event(event_id)
        if tested == "1" and organiser is not None:
            user = await BaseUser.select(BaseUser.email).where(BaseUser.id == organiser.id).first()
            tested = ((user or {}).get("email") or "").strip() or "-"
        row = await _announcement(event_id, announcement_id)
        outcome = await services.recipients_of(row)
        left_out = row["left_out"] if row["sent_at"] else outcome.left_out
        if isinstance(left_out, str):
            left_out = json.loads(left_out)
        previews = []
        has_english = bool(row["subject_en"].strip())
        for language, heading in (("nl", _("Preview in Dutch")), ("en", _("Preview in English"))):
            context = {
                **services.mail_context(row, event, language),
                "recipient_name": "",
                "unsubscribe_url": None,
                "invite": None,
            }
            mail = render_mail("announcement", context, language)
            note = (
                ""
                if language == "nl" or has_english
                else _(
                    "There is no English text: participants who chose English get the Dutch text."
                )
            )
            previews.append(
                {"heading": heading, "subject": mail.subject, "text": mail.text, "note": note}
            )
        return Template(
            "announcements/review.html",
            context={
                "event": event,
                "announcement": row,
                "recipients": outcome.recipients,
                "sample": [person.name for person in outcome.recipients[:SAMPLE_SIZE]],
                "left_out": left_out,
                "reasons": reason_labels(),
                "previews": previews,
                "tested": tested,
            },
        )

    @post("/{announcement_id:int}/test", name="announcement-test")
    async def test(
        self,
        event_id: FromPath[int],
        announcement_id: FromPath[int],
        settings: NamedDependency[Settings],
        organiser: NamedDependency[Organiser | None],
    ) -> Redirect:
        row = await _announcement(event_id, announcement_id)
        back = f"/organise/events/{event_id}/announcements/{announcement_id}"
        user = None
        if organiser is not None:
            user = await BaseUser.select(BaseUser.email).where(BaseUser.id == organiser.id).first()
        address = ((user or {}).get("email") or "").strip()
        if "@" not in address:
            return Redirect(f"{back}?tested=-", status_code=303)
        await services.send_test(settings, row, address, organiser.username if organiser else "")
        return Redirect(f"{back}?tested=1", status_code=303)  # the address stays out of URLs

    @post("/{announcement_id:int}/send", name="announcement-send")
    async def send(
        self,
        event_id: FromPath[int],
        announcement_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Redirect:
        row = await _announcement(event_id, announcement_id)
        if row["sent_at"] is not None:
            return Redirect(f"/organise/events/{event_id}/announcements/", status_code=303)
        queued = await services.send(settings, row)
        return Redirect(
            f"/organise/events/{event_id}/announcements/?sent={queued}", status_code=303
        )


ROUTES = [AnnouncementController]
