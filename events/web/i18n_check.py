"""Find user-facing strings that have no Dutch translation (used by a test and by developers).

Run: .venv/bin/python -m events.web.i18n_check
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

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


def conflicting() -> list[tuple[str, dict[str, str]]]:
    """Source strings that two catalogs translate differently (one would silently win)."""
    seen: dict[str, dict[str, str]] = {}
    for po_file in sorted(PROJECT_ROOT.glob("events/**/locale/nl.po")):
        with po_file.open("rb") as handle:
            for message in read_po(handle, locale="nl"):
                if message.id and message.string:
                    key = message.id if isinstance(message.id, str) else message.id[0]
                    text = message.string if isinstance(message.string, str) else message.string[0]
                    seen.setdefault(key, {})[str(po_file.relative_to(PROJECT_ROOT))] = text
    return [
        (message_id, translations_by_file)
        for message_id, translations_by_file in seen.items()
        if len(set(translations_by_file.values())) > 1
    ]


# The formal "u" forms; Dutch texts address people with "je" (README, "Schrijfwijze").
FORMAL = re.compile(r"\b(u|uw|uzelf|uwe)\b", re.IGNORECASE)


def formal_address() -> list[tuple[str, int, str]]:
    """Dutch translations that say "u" or "uw" where we write "je" and "jouw"."""
    found = []
    for po_file in sorted(PROJECT_ROOT.glob("events/**/locale/nl.po")):
        with po_file.open("rb") as handle:
            for message in read_po(handle, locale="nl"):
                texts = [message.string] if isinstance(message.string, str) else message.string
                for text in texts:
                    if text and FORMAL.search(text):
                        found.append((str(po_file.relative_to(PROJECT_ROOT)), message.lineno, text))
    return found


if __name__ == "__main__":
    for filename, lineno, message in untranslated():
        print(f"{filename}:{lineno}: {message}")
    for message_id, by_file in conflicting():
        print(f"translated differently: {message_id!r}: {by_file}")
    for filename, lineno, text in formal_address():
        print(f"{filename}:{lineno}: says u/uw, write je/jouw: {text}")
