"""The organiser lists of scripts/bench (`--only organiser`): the paged, filtered lists of the
large parade measured with an organiser's session, uncached, beside the floor of the same size.

The demo makes no mail and no organiser changes, so `dbtasks.py organiser-lists` first gives the
outbox and the audit log as many rows as the parade has participants (3,000).
"""

from __future__ import annotations

import re
from typing import Any

import httpx

USERNAME = "bench-organiser"
PASSWORD = "bench-organiser-password-long-enough"
LIST_ROWS = 3000


def lists(event_id: int) -> list[tuple[str, str]]:
    """(label, path) of every organiser list measured: first page, then a filtered one."""
    base = f"/organise/events/{event_id}"
    return [
        ("registrations", f"{base}/registrations"),
        ("registrations, search + status", f"{base}/registrations?q=jan&status=registered"),
        ("registrations, page 30", f"{base}/registrations?page=30"),
        ("check-in search", f"{base}/check-in?q=de&checked_in=no"),
        ("pledges", f"{base}/pledges/"),
        ("pledges, search + status", f"{base}/pledges/?q=samen&status=approved"),
        ("pairs", f"{base}/pairs/"),
        ("pairs, search", f"{base}/pairs/?search=gemeente"),
        ("outbox", "/organise/outbox/"),
        ("outbox, status + kind + recipient", "/organise/outbox/?status=sent&kind=reminder&q=1"),
        ("audit log", "/organise/audit"),
        ("audit log, person + search", "/organise/audit?person=organisator1&q=sessions"),
    ]


def log_in(base_url: str) -> str:
    """Log the benchmark organiser in; returns the Cookie header value of its session."""
    with httpx.Client(base_url=base_url, timeout=60) as client:
        client.get("/login").raise_for_status()
        token = client.cookies["events_csrf"]
        response = client.post(
            "/login",
            data={"username": USERNAME, "password": PASSWORD, "next": "/organise/"},
            headers={"x-events-csrf": token},
        )
        if response.status_code not in (200, 303):
            raise SystemExit(f"organiser login failed: {response.status_code} {response.text}")
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def check(url: str, cookie: str) -> int:
    """The size of one list page, which must be a 200 for the organiser (not the login)."""
    response = httpx.get(url, headers={"Cookie": cookie}, timeout=60, follow_redirects=False)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    counts = re.search(r"(\d[\d.]*)–(\d[\d.]*) van (\d[\d.]*)", response.text)
    if counts is None and "Geen " not in response.text:
        raise SystemExit(f"{url} shows no count and no empty state")
    return len(response.content)


def section(data: dict[str, Any], command: str, machine: str, goal_ms: float) -> str:
    """The BENCHMARKS.md section of the organiser lists."""
    lines = [
        f"Run {data['date']} with `{command}` on {machine}; database {data['database']}; load "
        f"generator {data['tool']} ({data['connections']} connections, one `events serve` "
        "worker, no page cache (organiser pages are never cached), organiser session cookie, "
        f"page first, then the floor of the same size). Outbox and audit log filled with "
        f"{LIST_ROWS:,} rows each. Goal: p99 < {goal_ms:.0f} ms.",
        "",
        "| list | size | alone | measured | req/s | p50 | p99 | errors | floor req/s | floor p99 "
        "| ratio | goal | load 1/5/15 min |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in data["rows"]:
        page, floor = row["page"], row["floor"]
        met = page["requests"] > 0 and page["errors"] == 0 and page["p99_ms"] < goal_ms
        verdict = "met" if met else f"**missed** by {page['p99_ms'] - goal_ms:.0f} ms"
        lines.append(
            f"| {row['label']} (`{row['path']}`) | {row['bytes'] / 1024:,.0f} KB "
            f"| {row['alone_ms']:.0f} ms | {row['seconds']:.0f} s | {page['rps']:,.0f} "
            f"| {page['p50_ms']:.1f} ms "
            f"| {page['p99_ms']:.1f} ms | {page['errors']} | {floor['rps']:,.0f} "
            f"| {floor['p99_ms']:.1f} ms | {row['ratio']:.2f} | {verdict} | {row['load']} |"
        )
    return "\n".join(lines)
