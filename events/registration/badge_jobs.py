"""Badge runs built in the background, with progress an organiser can watch.

A run of thousands of badges takes seconds, longer than a page should hang without a word, and
reportlab writes a PDF's cross-reference table only at the end, so the file cannot be streamed
while it grows. So the request reads the rows, a worker thread draws the PDF, and the progress
lives next to the file under `var/badge-runs/` (a small JSON file, replaced atomically): every
web worker on the machine can show it and serve the finished file. Runs older than an hour are
removed whenever a run starts or is looked at; a run whose progress stopped moving (its process
ended) shows as failed instead of refreshing for ever.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import threading
import time
from pathlib import Path
from typing import Any

from events.registration.pdf import BadgeFormat, badges_pdf

KEEP_SECONDS = 3600  # the file holds names: it stays an hour, long enough to download it
STALE_SECONDS = 300  # a run whose progress did not move for this long died with its process
RUNS_AT_ONCE = 2  # the machine's cores; further runs wait their turn (showing 0 drawn)
_TOKEN_LENGTH = 32
_turns = threading.BoundedSemaphore(RUNS_AT_ONCE)


def runs_dir(var_dir: Path) -> Path:
    return var_dir / "badge-runs"


def _valid(token: str) -> bool:
    return len(token) == _TOKEN_LENGTH and all(c in "0123456789abcdef" for c in token)


def _write_state(folder: Path, token: str, state: dict[str, Any]) -> None:
    temporary = folder / f"{token}.json.tmp"
    temporary.write_text(json.dumps(state), encoding="utf-8")
    temporary.replace(folder / f"{token}.json")


def _clean(folder: Path) -> None:
    limit = time.time() - KEEP_SECONDS
    for path in folder.glob("*"):
        with contextlib.suppress(FileNotFoundError):  # another worker removed it first
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)


def start_run(
    var_dir: Path,
    event_id: int,
    event_name: str,
    filename: str,
    rows: list[dict[str, Any]],
    fmt: BadgeFormat,
) -> str:
    """Start drawing the badges in a thread; return the run's token (its progress and file)."""
    folder = runs_dir(var_dir)
    folder.mkdir(parents=True, exist_ok=True)
    _clean(folder)
    token = secrets.token_hex(_TOKEN_LENGTH // 2)
    state: dict[str, Any] = {
        "event_id": event_id,
        "format": fmt.key,
        "filename": filename,
        "total": len(rows),
        "done": 0,
        "status": "running",
    }
    _write_state(folder, token, state)

    def progress(done: int) -> None:
        _write_state(folder, token, {**state, "done": done})

    def work() -> None:
        try:
            with _turns:
                data = badges_pdf(rows, event_name, fmt, progress)
            (folder / f"{token}.pdf").write_bytes(data)
            _write_state(folder, token, {**state, "done": len(rows), "status": "done"})
        except Exception as error:  # shown on the progress page instead of vanishing
            _write_state(folder, token, {**state, "status": "failed", "error": repr(error)})
            raise

    threading.Thread(target=work, name=f"badges-{token[:8]}", daemon=True).start()
    return token


def run_state(var_dir: Path, event_id: int, token: str) -> dict[str, Any] | None:
    """The progress of a run of this event, or None (unknown token, other event, removed)."""
    if not _valid(token):
        return None
    folder = runs_dir(var_dir)
    if folder.exists():
        _clean(folder)
    path = folder / f"{token}.json"
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        moved = path.stat().st_mtime
    except (FileNotFoundError, ValueError):
        return None
    if state.get("event_id") != event_id:
        return None
    if state["status"] == "running" and time.time() - moved > STALE_SECONDS:
        state["status"] = "failed"
    return state


def run_file(var_dir: Path, token: str) -> Path:
    return runs_dir(var_dir) / f"{token}.pdf"
