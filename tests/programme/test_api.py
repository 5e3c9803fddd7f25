"""The public JSON API of the programme and its OpenAPI document."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.programme.conftest import SLUG

Client = AsyncTestClient[Litestar]


async def test_events_lists_published_events_only(client: Client, parade: dict[str, Any]) -> None:
    response = await client.get("/api/events")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == [
        {
            "slug": SLUG,
            "name": "PraktijkVoorbeeldenParade 2026",
            "edition": 4,
            "date": "2026-06-11",
            "starts_at": "2026-06-11T09:30:00+02:00",
            "ends_at": "2026-06-11T17:00:00+02:00",
            "timezone": "Europe/Amsterdam",
            "venue": "Stadhuis Leeuwarden",
            "address": "Hofplein 38, Leeuwarden",
            "url": f"http://testserver.local/events/{SLUG}",
        }
    ]


async def test_programme_lists_sessions_with_times_and_links(
    client: Client, parade: dict[str, Any]
) -> None:
    response = await client.get(f"/api/events/{SLUG}/programme")
    assert response.status_code == 200
    body = response.json()
    assert body["event"]["slug"] == SLUG
    sessions = {session["id"]: session for session in body["sessions"]}
    assert len(sessions) == 5
    assert sessions[parade["workshop"]] == {
        "id": parade["workshop"],
        "kind": "workshop",
        "title": "Regiebox: snel hulp bij schulden",
        "status": "scheduled",
        "round": "Ronde 1",
        "room": "Zaal A",
        "start": "2026-06-11T10:15:00+02:00",
        "end": "2026-06-11T11:15:00+02:00",
        "capacity": 25,
        "themes": ["schuldpreventie"],
        "practice_examples": [parade["regiebox"]],
        "url": f"http://testserver.local/events/{SLUG}/sessions/{parade['workshop']}",
        "seats_taken": 0,
        "waitlist_length": 0,
    }
    assert sessions[parade["stand"]]["seats_taken"] is None, "stands have no seats"
    assert sessions[parade["cancelled"]]["status"] == "cancelled"
    assert sessions[parade["cancelled"]]["capacity"] == 20  # the room's seats
    stand = sessions[parade["stand"]]
    assert (stand["kind"], stand["round"], stand["room"]) == ("stand", None, None)
    assert (stand["start"], stand["end"]) == (
        "2026-06-11T09:30:00+02:00",
        "2026-06-11T17:00:00+02:00",
    )
    assert [session["start"] for session in body["sessions"]] == sorted(
        session["start"] for session in body["sessions"]
    )


async def test_unknown_or_unpublished_programme_is_a_json_404(
    client: Client, parade: dict[str, Any]
) -> None:
    for slug in ("concept-2027", "nope"):
        response = await client.get(f"/api/events/{slug}/programme")
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/json")
        assert response.json()["status_code"] == 404


async def test_openapi_documents_the_programme_api(client: Client) -> None:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "get" in paths["/api/events"]
    assert "get" in paths["/api/events/{slug}/programme"]
    schemas = response.json()["components"]["schemas"]
    assert {"EventOut", "SessionOut", "ProgrammeOut"} <= set(schemas)
    assert "/events/{slug}/programme" not in paths  # HTML pages stay out of the API document
