"""JSON bodies of the registration API (msgspec Structs, documented in OpenAPI)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from events.registration.services import RegistrationForm


class Consents(msgspec.Struct):
    event: bool
    public_name: bool = False
    follow_up: bool = False


RowId = Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]  # ids are 32-bit serials


class RegistrationIn(msgspec.Struct):
    """A registration as integrations send it."""

    name: str
    email: str
    consents: Consents
    organisation: str = ""
    job_title: str = ""
    language: str = "nl"
    themes: list[RowId] = msgspec.field(default_factory=list)
    offer: str = ""
    looking_for: str = ""
    access_needs: str = ""
    choices: list[RowId] = msgspec.field(default_factory=list)
    website: Annotated[
        str,
        msgspec.Meta(
            description="A trap for bots: leave it out or empty. When it is filled in, the "
            "answer is the same 202 and nothing is registered."
        ),
    ] = ""


def form_from_api(payload: RegistrationIn) -> RegistrationForm:
    return RegistrationForm(
        name=payload.name,
        email=payload.email,
        organisation=payload.organisation,
        job_title=payload.job_title,
        language=payload.language,
        themes=payload.themes,
        offer=payload.offer,
        looking_for=payload.looking_for,
        access_needs=payload.access_needs,
        choices=payload.choices,
        consent_event=payload.consents.event,
        consent_public_name=payload.consents.public_name,
        consent_follow_up=payload.consents.follow_up,
    )


class FieldErrorsOut(msgspec.Struct):
    """400: what is wrong, per field (in the request's language)."""

    errors: dict[str, str]


class CheckYourMailOut(msgspec.Struct):
    """202, for a new and a known address alike: `check_your_mail`. A new registration is
    made, or a known address is mailed one more manage link; what happened to each choice is
    only in that e-mail."""

    status: str


class ProblemOut(msgspec.Struct):
    """404 (unknown or unpublished event) and 429 (too many requests)."""

    status_code: int
    detail: str


class ClosedOut(msgspec.Struct):
    """Registration is not possible now: `status` is not_open, closed or full."""

    status: str
    message: str
