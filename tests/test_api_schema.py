"""Schemathesis against the running server's own OpenAPI document: no 5xx, responses match."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from events.demo.loader import load_demo


async def test_schemathesis_finds_no_server_errors_or_schema_mismatches(live_server: str) -> None:
    await load_demo()
    st = Path(sys.executable).with_name("st")
    result = await asyncio.to_thread(
        subprocess.run,
        [
            str(st),
            "run",
            f"{live_server}/schema/openapi.json",
            "--checks",
            "not_a_server_error,response_schema_conformance,status_code_conformance",
            "--max-examples",
            "25",
            "--seed",
            "2026",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
