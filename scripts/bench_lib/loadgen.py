"""Load generators of scripts/bench: wrk when installed, else an httpx client in its own process.

Both keep `connections` requests in flight for `seconds` and report requests/second, the 50th
and 99th percentile latency in milliseconds, and how many requests failed (non-2xx or socket
errors). The fallback runs as `python loadgen.py URL SECONDS CONNECTIONS` and prints JSON, so it
never shares a process (or the GIL) with the benchmark script or the server.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import sys
import time
from typing import Any

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _milliseconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


def parse_wrk(output: str) -> dict[str, Any]:
    """Requests/sec, p50/p99 and errors from `wrk --latency` output."""
    percentiles = dict(re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", output, re.MULTILINE))
    requests = re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _milliseconds(percentiles["50"]),
        "p99_ms": _milliseconds(percentiles["99"]),
        "requests": int(requests.group(1)) if requests else 0,
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(part) for part in sockets.groups()) if sockets else 0),
        "tool": "wrk",
    }


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def run(url: str, seconds: float, connections: int, cookie: str = "") -> dict[str, Any]:
    """Measure `url` with wrk (one thread: the server gets the other core) or the fallback;
    `cookie` is sent as the Cookie header (an organiser's session)."""
    if have_wrk():
        command = [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "60s",
            "--latency",
            *(["-H", f"Cookie: {cookie}"] if cookie else []),
            url,
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        return parse_wrk(output)
    output = subprocess.run(
        [sys.executable, __file__, url, str(seconds), str(connections), cookie],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output)


async def _fallback(url: str, seconds: float, connections: int, cookie: str = "") -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    headers = {"Cookie": cookie} if cookie else {}
    async with httpx.AsyncClient(limits=limits, timeout=60, headers=headers) as client:
        began = time.perf_counter()
        deadline = began + seconds

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                try:
                    response = await client.get(url)
                    await response.aread()
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


if __name__ == "__main__":
    target, duration, count = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    session = sys.argv[4] if len(sys.argv) > 4 else ""
    print(json.dumps(asyncio.run(_fallback(target, duration, count, session))))
