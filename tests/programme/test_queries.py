"""Read models: a programme is read in a fixed number of queries, however many sessions."""

from __future__ import annotations

from typing import Any

import pytest

from events import piccolo_conf
from events.programme import queries
from events.programme.tables import Round, Session
from tests.programme.conftest import SLUG


async def count_programme_queries(monkeypatch: pytest.MonkeyPatch) -> tuple[int, dict[str, Any]]:
    """Count the queries of `queries.programme` by wrapping the engine class's query runner."""
    engine_class = type(piccolo_conf.DB)
    seen: list[str] = []
    original = engine_class.run_querystring

    async def counting(self: Any, querystring: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(str(querystring))
        return await original(self, querystring, *args, **kwargs)

    event = await queries.event_by_slug(SLUG)
    assert event is not None
    with monkeypatch.context() as patch:
        patch.setattr(engine_class, "run_querystring", counting)
        programme = await queries.programme(event)
    return len(seen), programme


async def test_programme_needs_a_handful_of_queries(
    parade: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    few, programme = await count_programme_queries(monkeypatch)
    assert len(programme["sessions"]) == 5
    round_1 = await Round.objects().where(Round.name == "Ronde 1").first()
    assert round_1 is not None
    await Session.insert(
        *[
            Session(
                event=parade["event"],
                title=f"Extra {n}",
                round=round_1.id,
                calendar_uid=f"extra-{n}@example.org",
            )
            for n in range(20)
        ]
    )
    many, programme = await count_programme_queries(monkeypatch)
    assert len(programme["sessions"]) == 25
    assert 0 < many == few <= 6


def test_public_links_drop_email_addresses() -> None:
    links = queries.public_links(
        "LinkedIn: https://linkedin.example/in/x\nmailto:x@example.org\nx@example.org\n"
        "javascript:alert(1)\nhttps://example.org/a."
    )
    assert links == [
        {"label": "LinkedIn", "url": "https://linkedin.example/in/x"},
        {"label": "https://example.org/a", "url": "https://example.org/a"},
    ]
