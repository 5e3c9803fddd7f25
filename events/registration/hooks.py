"""What registration asks of the parts above it, set up when the app is built.

Registration sits below the follow-up and must not import it, yet a change to a registration
concerns the follow-up campaign (a new or reactivated registration joins its audience; a
cancelled one, or one that withdrew its consent, leaves it), and what someone offers or looks
for feeds their stored suggestions of people (events.pairs.stored). Likewise the participant's
own "download my data" and "erase me" pages
reach every domain's data through `events.privacy`, which sits above registration.
`events.app.wire` puts those functions here with `configure`. Until then the follow-up hooks do
nothing, and the personal-data hooks refuse (an erasure must never be partial).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from events.settings import Settings


async def _nothing_changed(_settings: Settings, _participant_id: int) -> None:
    return None


async def _nothing_left(_participant_id: int) -> None:
    return None


async def _no_suggestions(_participant_ids: list[int]) -> None:
    return None


async def _not_wired(*_args: Any) -> Any:
    raise RuntimeError("the personal-data hooks are not set up (events.app.wire)")


@dataclass
class Hooks:
    # (settings, participant id): the registration was made, taken back or changed.
    participant_changed: Callable[[Settings, int], Awaitable[Any]] = _nothing_changed
    # (participant id): cancelled, or no more follow-up mail: their queued campaign mail goes.
    participant_left: Callable[[int], Awaitable[Any]] = _nothing_left
    # (participant ids): what they offer or look for changed: their stored suggestions of
    # people to talk to (events.pairs.stored) are out of date.
    suggestions_stale: Callable[[list[int]], Awaitable[Any]] = _no_suggestions
    # (participant id): everything stored about them, in every domain.
    export_personal_data: Callable[[int], Awaitable[dict[str, Any]]] = _not_wired
    # (participant id, settings): erase them in every domain.
    erase_personal_data: Callable[[int, Settings], Awaitable[None]] = _not_wired


HOOKS = Hooks()


def configure(
    *,
    participant_changed: Callable[[Settings, int], Awaitable[Any]],
    participant_left: Callable[[int], Awaitable[Any]],
    export_personal_data: Callable[[int], Awaitable[dict[str, Any]]],
    erase_personal_data: Callable[[int, Settings], Awaitable[None]],
    suggestions_stale: Callable[[list[int]], Awaitable[Any]],
) -> None:
    HOOKS.participant_changed = participant_changed
    HOOKS.suggestions_stale = suggestions_stale
    HOOKS.participant_left = participant_left
    HOOKS.export_personal_data = export_personal_data
    HOOKS.erase_personal_data = erase_personal_data


async def participant_changed(settings: Settings, participant_id: int) -> None:
    await HOOKS.participant_changed(settings, participant_id)


async def participant_left(participant_id: int) -> None:
    await HOOKS.participant_left(participant_id)


async def suggestions_stale(participant_ids: list[int]) -> None:
    await HOOKS.suggestions_stale(participant_ids)


async def export_personal_data(participant_id: int) -> dict[str, Any]:
    return await HOOKS.export_personal_data(participant_id)


async def erase_personal_data(participant_id: int, settings: Settings) -> None:
    await HOOKS.erase_personal_data(participant_id, settings)
