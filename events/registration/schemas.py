"""JSON bodies of the registration API (msgspec Structs, documented in OpenAPI)."""

from __future__ import annotations

import msgspec

from events.registration.services import RegistrationForm, RegistrationResult


class Consents(msgspec.Struct):
    event: bool
    public_name: bool = False
    follow_up: bool = False


class RegistrationIn(msgspec.Struct):
    """A registration as integrations send it."""

    name: str
    email: str
    consents: Consents
    organisation: str = ""
    job_title: str = ""
    language: str = "nl"
    themes: list[int] = msgspec.field(default_factory=list)
    offer: str = ""
    looking_for: str = ""
    access_needs: str = ""
    choices: list[int] = msgspec.field(default_factory=list)


class ChoiceOut(msgspec.Struct):
    session_id: int
    status: str
    position: int | None = None


class RegistrationOut(msgspec.Struct):
    """The outcome of a new registration; the manage link goes only by e-mail."""

    status: str
    choices: list[ChoiceOut]

    @classmethod
    def from_result(cls, result: RegistrationResult) -> RegistrationOut:
        return cls(
            status="registered",
            choices=[
                ChoiceOut(session_id=o.session_id, status=o.status, position=o.position)
                for o in result.outcomes
            ],
        )


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


class LinkSentOut(msgspec.Struct):
    """202: the e-mail was registered already; its manage link was sent again."""

    status: str


class ProblemOut(msgspec.Struct):
    """404 (unknown or unpublished event) and 429 (too many requests)."""

    status_code: int
    detail: str


class ClosedOut(msgspec.Struct):
    """Registration is not possible now: `status` is not_open, closed or full."""

    status: str
    message: str
