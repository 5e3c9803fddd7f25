"""Web pages of campaigns after the day: the organiser's campaign and outcomes pages, and the
participant's progress and follow-up pages (reached through derived secret links)."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from piccolo.apps.user.tables import BaseUser

from events.accounts.permissions import Permission, requires
from events.followup import campaign_sync, campaign_time, campaigns, outcomes, progress, recipients
from events.followup.campaign_texts import sample_context
from events.followup.tables import AUDIENCES, INVITES
from events.mail.rendering import render_mail
from events.outbox import services
from events.outbox.dispatcher import Dispatcher
from events.programme.tables import Event
from events.registration.organiser_reads import seated_sessions
from events.registration.tables import Participant
from events.settings import Settings
from events.web.auth import Organiser
from events.web.confirm import confirm_delete
from events.web.csv_export import csv_response
from events.web.i18n import gettext as _

NO_REFERRER = {"Referrer-Policy": "no-referrer"}
Row = dict[str, Any]


def audience_labels() -> dict[str, str]:
    return {
        "pledgers": _("Participants with pledges"),
        "pairs": _("Participants in pairs"),
        "all": _("All participants"),
        "absent": _("Participants who did not come"),
        "present": _("Participants who came"),
    }


def invite_labels() -> dict[str, str]:
    return {
        "": _("No invite"),
        "lookback": _("A moment to look back on the pledge"),
        "pair_call": _("A call with the pair (both as attendees)"),
        "meeting": _("A follow-up meeting at a place and time"),
    }


async def _event(event_id: int) -> Row:
    event = (
        await Event.select(
            Event.id, Event.name, Event.slug, Event.timezone, Event.starts_at, Event.ends_at
        )
        .where(Event.id == event_id)
        .first()
    )
    if event is None:
        raise NotFoundException()
    return event


async def _participants(event_id: int) -> list[Row]:
    return (
        await Participant.select(Participant.id, Participant.name)
        .where((Participant.event == event_id) & (Participant.status == "registered"))
        .order_by(Participant.name)
        .limit(500)
    )


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {name: str(form.get(name, "")) for name in campaigns.step_form_defaults()} | {
        "action": str(form.get("action", "")),
        "preview_for": str(form.get("preview_for", "")),
    }


async def _preview(
    settings: Settings, event: Row, values: Row, participant_id: int | None
) -> Row | None:
    """The step rendered for one participant (or sample values), as the mail will read."""
    step = {**values, "id": 0, "event": event["id"], "sequence": 0}
    step["due_at"] = campaign_time.step_due_at(step, event)
    person = None
    if participant_id:
        found = await recipients.recipients({**step, "audience": "all"}, [participant_id])
        found_any = found.get(participant_id)
        if found_any is None:  # no consent: show them anyway, it is only a preview
            row = (
                await Participant.select(
                    Participant.id, Participant.name, Participant.email, Participant.language
                )
                .where((Participant.id == participant_id) & (Participant.event == event["id"]))
                .first()
            )
            if row is not None:
                found_any = recipients.Recipient(
                    row["id"], row["name"], row["email"], row["language"], False
                )
        person = found_any
    if person is None:
        sample = sample_context(event["name"])
        person = recipients.Recipient(
            0,
            sample["name"],
            "anna@example.org",
            "nl",
            False,
            pledge={"id": 0, "title": sample["pledge_title"]},
            pair={"id": 0, "title": sample["pair_title"], "partner_name": sample["partner_name"]},
        )
    context = campaign_sync.render_for(settings, step, event, person)
    from events.calendar.invites import InviteData

    invite = InviteData.from_json(context["invite"]) if "invite" in context else None
    mail = render_mail(
        "campaign",
        {**context, "invite": invite, "recipient_name": person.name, "unsubscribe_url": None},
        person.language,
    )
    return {
        "subject": mail.subject,
        "text": mail.text,
        "due_at": step["due_at"],
        "name": person.name,
    }


class CampaignController(Controller):
    """The follow-up campaign of one event: steps with counts, add/edit/delete, preview,
    "send a test to me", and the replies to follow-up meetings."""

    path = "/organise/events/{event_id:int}/campaign"
    guards = [requires(Permission.CAMPAIGN)]  # noqa: RUF012  (Litestar reads a class attribute)
    include_in_schema = False

    @get("/", name="followup-campaign")
    async def index(self, event_id: FromPath[int], request: Request) -> Template:
        event = await _event(event_id)
        steps = await campaign_sync.list_steps(event_id)
        counts = await campaign_sync.step_counts(event_id)
        reach_now = {step["id"]: len(await recipients.recipients(step)) for step in steps}
        meetings = {
            step["id"]: await progress.meeting_replies(step["id"])
            for step in steps
            if step["invite"] == "meeting"
        }
        return Template(
            "followup/campaign.html",
            context={
                "event": event,
                "steps": steps,
                "counts": counts,
                "reach_now": reach_now,
                "meetings": meetings,
                "audiences": audience_labels(),
                "invites": invite_labels(),
                "sent": request.query_params.get("sent", ""),
            },
        )

    async def _form_page(
        self,
        settings: Settings,
        event: Row,
        values: dict[str, str],
        errors: dict[str, str],
        step_id: int | None,
        preview: Row | None = None,
    ) -> Template:
        action = f"/organise/events/{event['id']}/campaign/" + (
            f"{step_id}/edit" if step_id else "new"
        )
        return Template(
            "followup/step_form.html",
            context={
                "event": event,
                "values": values,
                "errors": errors,
                "action": action,
                "editing": step_id is not None,
                "audiences": [(key, audience_labels()[key]) for key in AUDIENCES],
                "workshops": [
                    (row["id"], f"{row['round_name']}: {row['title']}")
                    for row in await seated_sessions(event["id"])
                ],
                "invites": [(key, invite_labels()[key]) for key in INVITES],
                "participants": [
                    (row["id"], row["name"]) for row in await _participants(event["id"])
                ],
                "placeholders": campaigns.placeholder_help(),
                "preview": preview,
            },
            status_code=400 if errors else 200,
        )

    @get("/new", name="followup-step-new")
    async def new_step(
        self, event_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Template:
        event = await _event(event_id)
        return await self._form_page(settings, event, campaigns.step_form_defaults(), {}, None)

    async def _save(
        self, request: Request, settings: Settings, event_id: int, step_id: int | None
    ) -> Template | Redirect:
        event = await _event(event_id)
        form = await _form(request)
        if form["action"] == "preview":
            errors, values = campaigns.validate_step(form)
            preview = None
            if not errors:
                chosen = int(form["preview_for"]) if form["preview_for"].isdigit() else None
                preview = await _preview(settings, event, values, chosen)
            return await self._form_page(settings, event, form, errors, step_id, preview)
        saved = await campaigns.save_step(settings, event_id, form, step_id)
        if not saved.ok:
            return await self._form_page(settings, event, form, saved.errors, step_id)
        return Redirect(path=f"/organise/events/{event_id}/campaign", status_code=303)

    @post("/new", name="followup-step-create")
    async def create_step(
        self, request: Request, event_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Template | Redirect:
        return await self._save(request, settings, event_id, None)

    @get("/{step_id:int}/edit", name="followup-step-edit")
    async def edit_step(
        self, event_id: FromPath[int], step_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Template:
        event = await _event(event_id)
        step = await campaign_sync.get_step(event_id, step_id)
        if step is None:
            raise NotFoundException()
        values = campaigns.step_form_values(step)
        return await self._form_page(settings, event, values, {}, step_id)

    @post("/{step_id:int}/edit", name="followup-step-update")
    async def update_step(
        self,
        request: Request,
        event_id: FromPath[int],
        step_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        if await campaign_sync.get_step(event_id, step_id) is None:
            raise NotFoundException()
        return await self._save(request, settings, event_id, step_id)

    @get("/{step_id:int}/delete", name="followup-step-confirm-delete")
    async def confirm_delete_step(
        self, event_id: FromPath[int], step_id: FromPath[int]
    ) -> Template:
        step = await campaign_sync.get_step(event_id, step_id)
        if step is None:
            raise NotFoundException()
        return confirm_delete(
            _("Campaign step"),
            step["name"],
            f"/organise/events/{event_id}/campaign/{step_id}/delete",
            f"/organise/events/{event_id}/campaign",
            _("Messages not sent yet are cancelled; calendar invites already sent are withdrawn."),
        )

    @post("/{step_id:int}/delete", name="followup-step-delete")
    async def delete_step(
        self, event_id: FromPath[int], step_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Redirect:
        if not await campaigns.delete_step(settings, event_id, step_id):
            raise NotFoundException()
        return Redirect(path=f"/organise/events/{event_id}/campaign", status_code=303)

    @post("/{step_id:int}/test", name="followup-step-test")
    async def send_test(
        self,
        event_id: FromPath[int],
        step_id: FromPath[int],
        settings: NamedDependency[Settings],
        organiser: NamedDependency[Organiser | None],
    ) -> Redirect:
        """Send the step (with sample values) to the logged-in organiser at once."""
        event = await _event(event_id)
        step = await campaign_sync.get_step(event_id, step_id)
        if step is None or organiser is None:
            raise NotFoundException()
        user = await BaseUser.select(BaseUser.email).where(BaseUser.id == organiser.id).first()
        email = (user or {}).get("email") or ""
        if "@" not in email:
            return Redirect(
                path=f"/organise/events/{event_id}/campaign?sent=no-address", status_code=303
            )
        sample = sample_context(event["name"])
        person = recipients.Recipient(
            0,
            organiser.username,
            email,
            "nl",
            False,
            pledge={"id": 0, "title": sample["pledge_title"]},
            pair={"id": 0, "title": sample["pair_title"], "partner_name": sample["partner_name"]},
        )
        context = campaign_sync.render_for(settings, step, event, person)
        invite = context.pop("invite", None)
        from events.calendar.invites import InviteData

        row_id = await services.enqueue(
            settings,
            key=f"campaign-test:{step_id}:{uuid.uuid4()}",
            recipient=email,
            recipient_name=organiser.username,
            kind="campaign-test",
            template="campaign",
            context=context,
            invite=InviteData.from_json(invite) if invite else None,
        )
        row = await Dispatcher(settings, name="campaign-test").deliver_now(row_id)
        status = row["status"] if row else "missing"
        return Redirect(path=f"/organise/events/{event_id}/campaign?sent={status}", status_code=303)


class OutcomesController(Controller):
    """What came of it: charts with table alternatives, and a CSV export."""

    path = "/organise/events/{event_id:int}/outcomes"
    guards = [requires(Permission.REPORTS)]  # noqa: RUF012  (Litestar reads a class attribute)
    include_in_schema = False

    @get("/", name="followup-outcomes")
    async def index(self, event_id: FromPath[int]) -> Template:
        await _event(event_id)
        data = await outcomes.dashboard(event_id, services.utcnow())
        return Template(
            "followup/outcomes.html",
            context={
                "data": data,
                "charts": outcomes.charts(data),
                "labels": progress.status_labels(),
                "statuses": list(progress.status_labels()),
            },
        )

    @get("/outcomes.csv", name="followup-outcomes-csv")
    async def as_csv(self, event_id: FromPath[int]) -> Response[bytes]:
        event = await _event(event_id)
        data = await outcomes.dashboard(event_id, services.utcnow())
        return csv_response(f"outcomes-{event['slug']}.csv", outcomes.csv_rows(data))


# --- participants ----------------------------------------------------------------------------


async def _pledge_or_404(settings: Settings, pledge_id: int, code: str) -> Row:
    if not progress.valid(progress.progress_code(settings, pledge_id), code):
        raise NotFoundException()
    pledge = await progress.pledge_for_progress(pledge_id)
    if pledge is None:
        raise NotFoundException()
    return pledge


def _progress_page(
    settings: Settings, pledge: Row, values: Row, errors: dict[str, str], saved: bool = False
) -> Template:
    return Template(
        "followup/progress.html",
        context={
            "pledge": pledge,
            "values": values,
            "errors": errors,
            "saved": saved,
            "statuses": list(progress.status_labels().items()),
            "labels": progress.status_labels(),
            "followup_url": progress.followup_url(settings, pledge["participant"]),
        },
        status_code=400 if errors else 200,
        headers=NO_REFERRER,
    )


@get("/progress/{pledge_id:int}/{code:str}", name="followup-progress", include_in_schema=False)
async def progress_page(
    pledge_id: FromPath[int],
    code: FromPath[str],
    settings: NamedDependency[Settings],
    request: Request,
) -> Template:
    pledge = await _pledge_or_404(settings, pledge_id, code)
    values = {"status": pledge["current"], "text": "", "public": False}
    return _progress_page(settings, pledge, values, {}, request.query_params.get("saved") == "1")


@post(
    "/progress/{pledge_id:int}/{code:str}", name="followup-progress-save", include_in_schema=False
)
async def progress_save(
    pledge_id: FromPath[int],
    code: FromPath[str],
    settings: NamedDependency[Settings],
    request: Request,
) -> Template | Redirect:
    pledge = await _pledge_or_404(settings, pledge_id, code)
    form = await request.form()
    values = {
        "status": str(form.get("status", "")),
        "text": str(form.get("text", "")),
        "public": form.get("public") == "1",
    }
    errors = await progress.record_progress(
        settings, pledge_id, values["status"], values["text"], values["public"]
    )
    if errors:
        return _progress_page(settings, pledge, values, errors)
    return Redirect(
        path=f"/progress/{pledge_id}/{code}?saved=1", status_code=303, headers=NO_REFERRER
    )


async def _participant_or_404(settings: Settings, participant_id: int, code: str) -> Row:
    if not progress.valid(progress.followup_code(settings, participant_id), code):
        raise NotFoundException()
    page = await progress.participant_page(settings, participant_id)
    if page is None:
        raise NotFoundException()
    return page


@get(
    "/follow-up/{participant_id:int}/{code:str}",
    name="followup-participant",
    include_in_schema=False,
)
async def participant_page(
    participant_id: FromPath[int], code: FromPath[str], settings: NamedDependency[Settings]
) -> Template:
    page = await _participant_or_404(settings, participant_id, code)
    return Template(
        "followup/participant.html",
        context={**page, "code": code, "labels": progress.status_labels()},
        headers=NO_REFERRER,
    )


@post(
    "/follow-up/{participant_id:int}/{code:str}/pairs/{pair_id:int}/met",
    name="followup-pair-met",
    include_in_schema=False,
)
async def pair_met(
    participant_id: FromPath[int],
    code: FromPath[str],
    pair_id: FromPath[int],
    settings: NamedDependency[Settings],
) -> Redirect:
    await _participant_or_404(settings, participant_id, code)
    if not await progress.record_reunion(participant_id, pair_id):
        raise NotFoundException()
    return Redirect(
        path=f"/follow-up/{participant_id}/{code}", status_code=303, headers=NO_REFERRER
    )


@post(
    "/follow-up/{participant_id:int}/{code:str}/meetings/{step_id:int}",
    name="followup-meeting-reply",
    include_in_schema=False,
)
async def meeting_reply(
    participant_id: FromPath[int],
    code: FromPath[str],
    step_id: FromPath[int],
    settings: NamedDependency[Settings],
    request: Request,
) -> Redirect:
    await _participant_or_404(settings, participant_id, code)
    form = await request.form()
    if not await progress.reply_meeting(participant_id, step_id, str(form.get("answer", ""))):
        raise NotFoundException()
    return Redirect(
        path=f"/follow-up/{participant_id}/{code}", status_code=303, headers=NO_REFERRER
    )


ROUTES = [
    CampaignController,
    OutcomesController,
    progress_page,
    progress_save,
    participant_page,
    pair_met,
    meeting_reply,
]
