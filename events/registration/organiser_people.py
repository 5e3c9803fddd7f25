"""Organiser pages for one participant (see organiser_actions for the rules), the walk-in desk,
adding a registration by hand, and the attendance lists per workshop."""

from __future__ import annotations

from typing import Any

import segno
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events.accounts.permissions import Permission, requires, sees_registrations
from events.db import read_snapshot
from events.registration import organiser_actions as actions
from events.registration import organiser_reads as reads
from events.registration import queries
from events.registration.organiser import _event, badge_url
from events.registration.services import RegistrationForm
from events.settings import Settings
from events.web.auth import Organiser, organiser_guard

LANGUAGES = [("nl", "Nederlands"), ("en", "English")]


def _text(form: Any, name: str) -> str:
    return str(form.get(name, "") or "")


def _back(event_id: int, form: Any, default: str) -> str:
    """Where a form on another organiser page of this event asked to return to."""
    back = _text(form, "back")
    prefix = f"/organise/events/{event_id}/"
    if back.startswith(prefix) and "//" not in back and "\\" not in back:
        return back
    return default


class ParticipantController(Controller):
    """One participant of an event, and what an organiser does for them."""

    path = "/organise/events/{event_id:int}"
    guards = [organiser_guard]  # noqa: RUF012  (Litestar reads a class attribute)
    include_in_schema = False

    async def _detail(self, event_id: int, participant_id: int) -> dict[str, Any]:
        detail = await reads.participant_detail(event_id, participant_id)
        if detail is None:
            raise NotFoundException(detail="participant not found")
        return detail

    def _here(self, event_id: int, participant_id: int, done: str = "") -> str:
        path = f"/organise/events/{event_id}/participants/{participant_id}"
        return f"{path}?done={done}" if done else path

    @get(
        "/participants/{participant_id:int}",
        name="organise-participant",
        guards=[requires(Permission.REGISTRATIONS)],
    )
    async def participant(
        self, event_id: FromPath[int], participant_id: FromPath[int], request: Request
    ) -> Template:
        event = await _event(event_id)
        detail = await self._detail(event_id, participant_id)
        return Template(
            "registration/participant.html",
            context={
                "event": event,
                "p": detail,
                "mails": await reads.mail_log(participant_id),
                "placeholder": actions.is_placeholder_address(detail["email"]),
                "done": request.query_params.get("done", ""),
            },
        )

    @post(
        "/participants/{participant_id:int}/move",
        name="organise-participant-move",
        guards=[requires(Permission.REGISTRATIONS)],
    )
    async def move(
        self,
        event_id: FromPath[int],
        participant_id: FromPath[int],
        request: Request,
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        form = await request.form()
        round_text, session_text = _text(form, "round"), _text(form, "session")
        if not round_text.isdigit() or (session_text and not session_text.isdigit()):
            raise NotFoundException(detail="no such round or workshop")
        round_id = int(round_text)
        session_id = int(session_text) if session_text else None
        result = await actions.move(
            settings, event_id, participant_id, round_id, session_id, _text(form, "when_full")
        )
        if result.full:
            assert session_id is not None
            return Template(
                "registration/move_full.html",
                context={
                    "event": await _event(event_id),
                    "p": await self._detail(event_id, participant_id),
                    "session": await reads.session_of_event(event_id, session_id),
                    "round_id": round_id,
                    "taken": result.taken,
                    "capacity": result.capacity,
                },
            )
        if result.errors:
            raise NotFoundException(detail=next(iter(result.errors.values())))
        return Redirect(
            self._here(event_id, participant_id, f"move-{result.status}"), status_code=303
        )

    @get(
        "/participants/{participant_id:int}/cancel",
        name="organise-participant-cancel-ask",
        guards=[requires(Permission.REGISTRATIONS)],
    )
    async def cancel_ask(self, event_id: FromPath[int], participant_id: FromPath[int]) -> Template:
        return Template(
            "registration/participant_cancel.html",
            context={
                "event": await _event(event_id),
                "p": await self._detail(event_id, participant_id),
            },
        )

    @post(
        "/participants/{participant_id:int}/cancel",
        name="organise-participant-cancel",
        guards=[requires(Permission.REGISTRATIONS)],
    )
    async def cancel(
        self,
        event_id: FromPath[int],
        participant_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Redirect:
        await self._detail(event_id, participant_id)
        await actions.cancel_for(settings, participant_id)
        return Redirect(self._here(event_id, participant_id, "cancelled"), status_code=303)

    @post(
        "/participants/{participant_id:int}/reactivate",
        name="organise-participant-reactivate",
        guards=[requires(Permission.REGISTRATIONS)],
    )
    async def reactivate(
        self,
        event_id: FromPath[int],
        participant_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Redirect:
        await self._detail(event_id, participant_id)
        await actions.reactivate(settings, participant_id)
        return Redirect(self._here(event_id, participant_id, "reactivated"), status_code=303)

    @post(
        "/participants/{participant_id:int}/link",
        name="organise-participant-link",
        guards=[requires(Permission.REGISTRATIONS)],
    )
    async def send_link(
        self,
        event_id: FromPath[int],
        participant_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Redirect:
        await self._detail(event_id, participant_id)
        sent = await actions.send_link(settings, participant_id)
        return Redirect(
            self._here(event_id, participant_id, "link" if sent else "no-address"), status_code=303
        )

    async def _edit_page(
        self,
        event_id: int,
        detail: dict[str, Any],
        values: dict[str, Any],
        errors: dict[str, str],
    ) -> Template:
        return Template(
            "registration/participant_edit.html",
            context={
                "event": await _event(event_id),
                "p": detail,
                "values": values,
                "errors": errors,
                "languages": LANGUAGES,
                "organisations": await queries.organisation_names(),
            },
            status_code=400 if errors else 200,
        )

    @get(
        "/participants/{participant_id:int}/edit",
        name="organise-participant-edit",
        guards=[requires(Permission.REGISTRATIONS)],
    )
    async def edit_form(self, event_id: FromPath[int], participant_id: FromPath[int]) -> Template:
        detail = await self._detail(event_id, participant_id)
        values = {**detail, "organisation": detail["organisation_name"] or ""}
        return await self._edit_page(event_id, detail, values, {})

    @post(
        "/participants/{participant_id:int}/edit",
        name="organise-participant-edit-save",
        guards=[requires(Permission.REGISTRATIONS)],
    )
    async def edit(
        self,
        event_id: FromPath[int],
        participant_id: FromPath[int],
        request: Request,
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        detail = await self._detail(event_id, participant_id)
        form = await request.form()
        details = actions.DetailsForm(
            **{name: _text(form, name) for name in actions.DetailsForm.__dataclass_fields__}
        )
        errors = await actions.edit_details(settings, participant_id, details)
        if errors:
            return await self._edit_page(event_id, detail, details.__dict__, errors)
        return Redirect(self._here(event_id, participant_id, "saved"), status_code=303)

    @post(
        "/participants/{participant_id:int}/check-in",
        name="organise-participant-check-in",
        guards=[requires(Permission.CHECK_IN)],
    )
    async def check_in(
        self, event_id: FromPath[int], participant_id: FromPath[int], request: Request
    ) -> Redirect:
        await self._detail(event_id, participant_id)
        await actions.check_in_day(participant_id)
        form = await request.form()
        return Redirect(
            _back(event_id, form, self._here(event_id, participant_id, "checked-in")),
            status_code=303,
        )

    @post(
        "/participants/{participant_id:int}/check-in/undo",
        name="organise-check-in-undo",
        guards=[requires(Permission.CHECK_IN)],
    )
    async def undo_check_in(
        self, event_id: FromPath[int], participant_id: FromPath[int], request: Request
    ) -> Redirect:
        await self._detail(event_id, participant_id)
        await actions.undo_check_in(participant_id)
        form = await request.form()
        return Redirect(
            _back(event_id, form, self._here(event_id, participant_id, "check-in-undone")),
            status_code=303,
        )

    @post(
        "/participants/{participant_id:int}/workshops/{session_id:int}/check-in",
        name="organise-workshop-check-in",
        guards=[requires(Permission.CHECK_IN)],
    )
    async def workshop_check_in(
        self,
        event_id: FromPath[int],
        participant_id: FromPath[int],
        session_id: FromPath[int],
        request: Request,
    ) -> Redirect:
        if not await actions.check_in_workshop(event_id, participant_id, session_id):
            raise NotFoundException(detail="participant or workshop not found")
        form = await request.form()
        return Redirect(
            _back(event_id, form, self._here(event_id, participant_id, "seen")), status_code=303
        )

    @post(
        "/participants/{participant_id:int}/workshops/{session_id:int}/undo",
        name="organise-workshop-check-in-undo",
        guards=[requires(Permission.CHECK_IN)],
    )
    async def workshop_undo(
        self,
        event_id: FromPath[int],
        participant_id: FromPath[int],
        session_id: FromPath[int],
        request: Request,
    ) -> Redirect:
        await self._detail(event_id, participant_id)
        await actions.undo_workshop_check_in(participant_id, session_id)
        form = await request.form()
        return Redirect(
            _back(event_id, form, self._here(event_id, participant_id, "seen-undone")),
            status_code=303,
        )

    @get(
        "/participants/{participant_id:int}/badge",
        name="organise-participant-badge",
        guards=[requires(Permission.CHECK_IN)],
    )
    async def badge(
        self,
        event_id: FromPath[int],
        participant_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Template:
        detail = await self._detail(event_id, participant_id)
        url = badge_url(settings, participant_id, detail["calendar_uid"], detail["code_version"])
        row = {**detail, "qr": segno.make(url, error="m").svg_data_uri(scale=4)}
        return Template(
            "registration/badges.html", context={"event": await _event(event_id), "rows": [row]}
        )


class DeskController(Controller):
    """Adding people: by hand, and walk-ins at the desk; the attendance lists."""

    path = "/organise/events/{event_id:int}"
    guards = [organiser_guard]  # noqa: RUF012  (Litestar reads a class attribute)
    include_in_schema = False

    async def _add_page(
        self, event_id: int, values: dict[str, Any], errors: dict[str, str], existing: int | None
    ) -> Template:
        return Template(
            "registration/participant_add.html",
            context={
                "event": await _event(event_id),
                "values": values,
                "errors": errors,
                "existing": existing,
                "languages": LANGUAGES,
                "rounds": await queries.rounds_with_choices(event_id),
                "organisations": await queries.organisation_names(),
            },
            status_code=400 if errors else 200,
        )

    @get(
        "/participants/new",
        name="organise-participant-new",
        guards=[requires(Permission.REGISTRATIONS)],
    )
    async def add_form(self, event_id: FromPath[int]) -> Template:
        return await self._add_page(event_id, {"language": "nl", "choices": []}, {}, None)

    @post(
        "/participants/new",
        name="organise-participant-add",
        guards=[requires(Permission.REGISTRATIONS)],
    )
    async def add(
        self, event_id: FromPath[int], request: Request, settings: NamedDependency[Settings]
    ) -> Template | Redirect:
        form = await request.form()
        choices = [
            int(value)
            for key, value in form.multi_items()
            if key.startswith("round-") and str(value).isdigit()
        ]
        registration = RegistrationForm(
            name=_text(form, "name"),
            email=_text(form, "email"),
            organisation=_text(form, "organisation"),
            job_title=_text(form, "job_title"),
            language=_text(form, "language") or "nl",
            access_needs=_text(form, "access_needs"),
            choices=choices,
        )
        result = await actions.add_by_hand(settings, event_id, registration)
        if result.participant_id is None:
            values = {**registration.__dict__}
            return await self._add_page(event_id, values, result.errors, result.existing_id)
        return Redirect(
            f"/organise/events/{event_id}/participants/{result.participant_id}?done=added",
            status_code=303,
        )

    async def _walk_in_page(
        self,
        event_id: int,
        values: dict[str, Any],
        errors: dict[str, str],
        existing: int | None,
        organiser: Organiser,
    ) -> Template:
        return Template(
            "registration/walk_in.html",
            context={
                "event": await _event(event_id),
                "values": values,
                "errors": errors,
                "existing": existing,
                "details": await sees_registrations(organiser, event_id),
                "languages": LANGUAGES,
                "organisations": await queries.organisation_names(),
            },
            status_code=400 if errors else 200,
        )

    @get("/walk-in", name="organise-walk-in", guards=[requires(Permission.CHECK_IN)])
    async def walk_in_form(
        self, event_id: FromPath[int], organiser: NamedDependency[Organiser]
    ) -> Template:
        return await self._walk_in_page(event_id, {"language": "nl"}, {}, None, organiser)

    @post("/walk-in", name="organise-walk-in-add", guards=[requires(Permission.CHECK_IN)])
    async def walk_in(
        self,
        event_id: FromPath[int],
        request: Request,
        settings: NamedDependency[Settings],
        organiser: NamedDependency[Organiser],
    ) -> Template | Redirect:
        form = await request.form()
        values = {name: _text(form, name) for name in ("name", "organisation", "email", "language")}
        values["language"] = values["language"] or "nl"
        result = await actions.walk_in(settings, event_id, **values)
        if result.participant_id is None:
            return await self._walk_in_page(
                event_id, values, result.errors, result.existing_id, organiser
            )
        if not await sees_registrations(organiser, event_id):
            # The check-in desk sees names, not registrations: back to the desk, with the badge.
            done = f"done={result.participant_id}&walk_in=1"
            return Redirect(f"/organise/events/{event_id}/check-in?{done}", status_code=303)
        return Redirect(
            f"/organise/events/{event_id}/participants/{result.participant_id}?done=walk-in",
            status_code=303,
        )

    @get("/attendance", name="organise-attendance", guards=[requires(Permission.CHECK_IN)])
    async def attendance(
        self, event_id: FromPath[int], organiser: NamedDependency[Organiser]
    ) -> Template:
        """Per workshop: capacity, seats taken, waiting list and who attended."""
        async with read_snapshot():
            context = {
                "event": await _event(event_id),
                "sessions": await reads.attendance_overview(event_id),
                "details": await sees_registrations(organiser, event_id),
            }
        return Template("registration/attendance.html", context=context)

    @get(
        "/attendance/{session_id:int}",
        name="organise-attendance-session",
        guards=[requires(Permission.CHECK_IN)],
    )
    async def attendance_session(
        self,
        event_id: FromPath[int],
        session_id: FromPath[int],
        organiser: NamedDependency[Organiser],
    ) -> Template:
        session = await reads.session_of_event(event_id, session_id)
        if session is None:
            raise NotFoundException(detail="workshop not found")
        return Template(
            "registration/attendance_session.html",
            context={
                "event": await _event(event_id),
                "session": session,
                "rows": await reads.attendance_list(session_id),
                "details": await sees_registrations(organiser, event_id),
            },
        )


ROUTES = [ParticipantController, DeskController]
