"""Readable names of the outbox's message kinds, for the organiser's outbox and the mail log of
a participant ("registration-link" → "Personal link", "campaign-12" → "Follow-up: <step>").

The names of campaign steps live in the follow-up, above the outbox; `events.app.wire` hands
their lookup in with `configure`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from events.web.i18n import gettext as _


async def _no_step_names(_step_ids: list[int]) -> dict[int, str]:
    return {}


_step_names: list[Callable[[list[int]], Awaitable[dict[int, str]]]] = [_no_step_names]


def configure(step_names: Callable[[list[int]], Awaitable[dict[int, str]]]) -> None:
    _step_names[0] = step_names


def _static_names() -> dict[str, str]:
    return {
        "registration-confirmation": _("Confirmation of registration"),
        "registration-link": _("Personal link"),
        "registration-changed": _("Registration changed"),
        "registration-promoted": _("A seat came free"),
        "registration-offer": _("A seat is held for them"),
        "registration-offer-expired": _("The held seat lapsed"),
        "registration-programme": _("Programme changed"),
        "registration-cancelled": _("Registration cancelled"),
        "registration-released": _("Registration not confirmed in time"),
        "host-programme": _("A hosted session changed"),
        "host-list": _("Hosts' list of participants"),
        "announcement": _("Announcement"),
        "announcement_test": _("Announcement (test to myself)"),
        "account-invite": _("Invitation to the team"),
        "account-reset": _("Password reset"),
        "campaign-update": _("Follow-up update"),
        "campaign-cancel": _("Follow-up invitation cancelled"),
        "campaign-test": _("Follow-up (test to myself)"),
        "test": _("Test message"),
    }


def _step_id(kind: str) -> int | None:
    prefix, _sep, number = kind.partition("-")
    return int(number) if prefix == "campaign" and number.isdigit() else None


def kind_name(kind: str, step_names: dict[int, str] | None = None) -> str:
    """The kind as the organiser reads it; an unknown kind is shown as it is."""
    names = _static_names()
    if kind in names:
        return names[kind]
    step_id = _step_id(kind)
    if step_id is not None:
        step = (step_names or {}).get(step_id)
        return _("Follow-up: %(name)s", name=step) if step else _("Follow-up message")
    return kind


async def kind_names(kinds: Iterable[str]) -> dict[str, str]:
    """Each kind with its readable name, campaign steps by their names (one lookup)."""
    kinds = list(kinds)
    step_ids = sorted({step for kind in kinds if (step := _step_id(kind)) is not None})
    step_names = await _step_names[0](step_ids) if step_ids else {}
    return {kind: kind_name(kind, step_names) for kind in kinds}
