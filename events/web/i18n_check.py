"""Find user-facing strings that have no Dutch translation (used by a test and by developers).

Run: .venv/bin/python -m events.web.i18n_check
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

from events.settings import PROJECT_ROOT
from events.web.i18n import translations

METHODS = [("**.py", "python"), ("**.html", "jinja2"), ("**.txt", "jinja2")]
OPTIONS = {
    "**.html": {"extensions": "jinja2.ext.i18n"},
    "**.txt": {"extensions": "jinja2.ext.i18n"},
}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}


def untranslated() -> list[tuple[str, int, str]]:
    """(file, line, message) for every extracted message without a Dutch translation."""
    dutch = translations("nl")
    missing = []
    for folder in (PROJECT_ROOT / "events", PROJECT_ROOT / "templates"):
        for filename, lineno, message, _comments, _context in extract_from_dir(
            str(folder), method_map=METHODS, options_map=OPTIONS, keywords=KEYWORDS
        ):
            singular = message[0] if isinstance(message, tuple) else message
            if not singular:
                continue
            known = singular in dutch._catalog or (singular, 0) in dutch._catalog  # type: ignore[attr-defined]
            if not known:
                missing.append((str(Path(folder.name) / filename), lineno, singular))
    return missing


if __name__ == "__main__":
    for filename, lineno, message in untranslated():
        print(f"{filename}:{lineno}: {message}")
