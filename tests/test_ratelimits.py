"""Rate limits hold across workers: the counters are in the database, so two workers together
allow what one would, and the edge of a counting window does not double a client's limit."""

from __future__ import annotations

import asyncio

import httpx

from events.ratelimits.store import KEEP_SECONDS, DatabaseRateStore
from events.ratelimits.tables import RateHit
from tests.conftest import serve_app
from tests.registration.helpers import make_event


async def test_two_workers_share_one_limit_per_address() -> None:
    await make_event()
    body = {"name": "Anna", "email": "anna@example.org", "consents": {"event": True}}
    with serve_app(workers=2, rate_limits="address=100/minute,email=3/hour") as base_url:
        answers = []
        for _ in range(8):  # a new connection each time, so both workers get some
            async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
                response = await client.post("/api/events/parade/registrations", json=body)
                answers.append(response.status_code)
    assert answers.count(429) == 5, answers
    assert 429 not in answers[:3]


async def test_a_window_edge_does_not_double_the_limit_and_old_windows_go() -> None:
    store = DatabaseRateStore()
    for _ in range(3):
        await store.hit("register:203.0.113.9", 60, now=1_000_019.0)
    # One second into the next window: almost all of the last minute's hits still count.
    assert await store.hit("register:203.0.113.9", 60, now=1_000_021.0) > 3
    assert await store.count("register:203.0.113.9", 60, now=1_000_200.0) == 0
    concurrent = await asyncio.gather(
        *(store.hit("register:198.51.100.7", 60, now=1_000_030.0) for _ in range(20))
    )
    assert sorted(concurrent) == list(range(1, 21)), "every hit counted exactly once"
    await store.prune(now=1_000_030.0 + KEEP_SECONDS + 120)
    assert await RateHit.count() == 0
