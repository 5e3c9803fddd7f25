"""The personal pages of scripts/bench (`--only personal`): /me, /me/day, /me/pairs and the
register page of the large parade, as its participants use them on the day (issue 15).

Sessions: `python scripts/bench_lib/personal.py sessions SLUG COUNT` (run on the benchmark's
database, like dbtasks.py) opens a session for COUNT registered participants spread over the
whole parade and prints their cookie values; every request of a run takes the next one, so no
two requests in a row are the same person's and nothing of one participant stays warm.

Figures per page: the median of sequential requests (one at a time, page cache off: the
personal pages are never cached, and the register page is measured uncached too), then p99 at
32 connections (wrk with a Lua script that rotates the cookies, or an httpx client in its own
process when wrk is missing). Goals: median ≤ 10 ms, p99 < 100 ms.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

try:
    from bench_lib import loadgen
except ImportError:  # run as a script: `python scripts/bench_lib/personal.py …`
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import loadgen  # type: ignore[no-redef]

COOKIE = "events_participant"
SESSIONS = 300
GOAL_MEDIAN_MS = 10.0
GOAL_P99_MS = 100.0
SEQUENTIAL = 200


def pages(slug: str) -> list[tuple[str, str]]:
    """(label, path) of every page measured."""
    return [
        ("my registration", "/me"),
        ("my day", "/me/day"),
        ("my pairs", "/me/pairs"),
        ("register form", f"/events/{slug}/register"),
    ]


def _header(value: str) -> dict[str, str]:
    return {"Cookie": f"{COOKIE}={value}"}


def check(url: str, cookies: list[str], personal: bool) -> int:
    """The size of the page for the first participant; a personal page must be a 200 that no
    cache may keep (Cache-Control: no-store)."""
    response = httpx.get(url, headers=_header(cookies[0]), timeout=60, follow_redirects=False)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    if personal and "no-store" not in response.headers.get("cache-control", ""):
        raise SystemExit(f"{url} may be cached: {response.headers.get('cache-control')}")
    return len(response.content)


def warm_up(base_url: str, paths: list[str], cookies: list[str]) -> float:
    """Every participant's pages once (their first view computes what is not stored yet, and
    the parade's suggestions are computed in the background); returns the seconds it took."""
    began = time.perf_counter()
    with httpx.Client(base_url=base_url, timeout=120) as client:
        for value in cookies:
            for path in paths:
                client.cookies.clear()
                client.get(path, headers=_header(value)).raise_for_status()
    return time.perf_counter() - began


def sequential(url: str, cookies: list[str], count: int = SEQUENTIAL) -> dict[str, float]:
    """`count` requests one after the other, each as the next participant: median and p90."""
    times = []
    with httpx.Client(timeout=120) as client:
        for number in range(count):
            client.cookies.clear()
            began = time.perf_counter()
            client.get(url, headers=_header(cookies[number % len(cookies)])).raise_for_status()
            times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return {"median_ms": statistics.median(times), "p90_ms": times[int(len(times) * 0.9)]}


WRK_SCRIPT = """
local cookies = {%s}
local next_one = 0
request = function()
  next_one = next_one %% #cookies + 1
  return wrk.format("GET", nil, {["Cookie"] = "%s=" .. cookies[next_one]})
end
"""


def concurrent(url: str, seconds: float, connections: int, cookies: list[str]) -> dict[str, Any]:
    """Requests/second, p50/p99 and errors with `connections` in flight, cookies rotating."""
    if loadgen.have_wrk():
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT % (", ".join(f'"{value}"' for value in cookies), COOKIE))
        try:
            command = [
                "wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s",
                "--timeout", "60s", "--latency", "-s", script.name, url,
            ]  # fmt: skip
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        finally:
            os.unlink(script.name)
        return loadgen.parse_wrk(output)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as listing:
        json.dump(cookies, listing)
    try:
        output = subprocess.run(
            [sys.executable, __file__, "load", url, str(seconds), str(connections), listing.name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(listing.name)
    return json.loads(output)


async def _load(url: str, seconds: float, connections: int, cookies: list[str]) -> dict[str, Any]:
    """The httpx load generator (in its own process): like loadgen's, with rotating cookies."""
    latencies: list[float] = []
    errors = 0
    turn = 0
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        began = time.perf_counter()
        deadline = began + seconds

        async def worker() -> None:
            nonlocal errors, turn
            while time.perf_counter() < deadline:
                turn += 1
                headers = _header(cookies[turn % len(cookies)])
                start = time.perf_counter()
                try:
                    response = await client.get(url, headers=headers)
                    if response.status_code >= 400:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append((time.perf_counter() - start) * 1000)

        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": latencies[len(latencies) // 2],
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "requests": len(latencies),
        "errors": errors,
        "tool": "httpx",
    }


async def _sessions(slug: str, count: int) -> dict[str, Any]:
    """Open a session for `count` registered participants spread over the event: their cookie
    values, how many participants there are and every how many one was taken."""
    os.environ.setdefault("PICCOLO_CONF", "events.piccolo_conf")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from events.registration.participant_session import start_session
    from events.registration.tables import Participant
    from events.settings import load_settings

    rows = (
        await Participant.select(Participant.id)
        .where((Participant.event.slug == slug) & (Participant.status == "registered"))
        .order_by(Participant.id)
    )
    if not rows:
        raise SystemExit(f"no registered participants in {slug!r}")
    step = max(1, len(rows) // count)
    settings = load_settings()
    values = []
    for row in rows[::step][:count]:
        values.append((await start_session(settings, row["id"], label="scripts/bench")).value)
    return {"cookies": values, "participants": len(rows), "step": step}


def section(data: dict[str, Any], command: str, machine: str) -> str:
    """The BENCHMARKS.md section of the personal pages."""
    lines = [
        f"Run {data['date']} with `{command}` on {machine}; database {data['database']}; one "
        f"`events serve` worker, page cache off. {data['sessions']} participants of the large "
        f"parade signed in (every {data['step']}th of {data['participants']:,}), each request "
        f"as the next of them. Warm-up: each of them opened every page once "
        f"({data['warmup_seconds']:.0f} s; first views compute what is not stored, the "
        f"parade's suggestions are computed in the background). Sequential: {SEQUENTIAL} "
        f"requests one at a time. Concurrent: {data['tool']}, {data['connections']} "
        f"connections, cookies rotating. Goals: median ≤ {GOAL_MEDIAN_MS:.0f} ms, "
        f"p99 < {GOAL_P99_MS:.0f} ms.",
        "",
        "| page | size | median alone | p90 alone | goal median | req/s at 32 | p50 | p99 "
        "| errors | goal p99 | load 1/5/15 min |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in data["rows"]:
        load = row["load_figures"]
        median_met = row["median_ms"] <= GOAL_MEDIAN_MS
        p99_met = load["requests"] > 0 and load["errors"] == 0 and load["p99_ms"] < GOAL_P99_MS
        lines.append(
            f"| {row['label']} (`{row['path']}`) | {row['bytes'] / 1024:,.0f} KB "
            f"| {row['median_ms']:.1f} ms | {row['p90_ms']:.1f} ms "
            f"| {'met' if median_met else '**missed**'} (≤ {GOAL_MEDIAN_MS:.0f} ms) "
            f"| {load['rps']:,.0f} | {load['p50_ms']:.1f} ms | {load['p99_ms']:.1f} ms "
            f"| {load['errors']} | {'met' if p99_met else '**missed**'} "
            f"(< {GOAL_P99_MS:.0f} ms) | {row['load']} |"
        )
    return "\n".join(lines)


def main() -> None:
    command, *args = sys.argv[1:]
    if command == "sessions":
        print(json.dumps(asyncio.run(_sessions(args[0], int(args[1])))))
    elif command == "load":
        cookies = json.loads(Path(args[3]).read_text())
        print(json.dumps(asyncio.run(_load(args[0], float(args[1]), int(args[2]), cookies))))
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main()
