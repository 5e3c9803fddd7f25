"""Dutch and English: every user-facing string has a Dutch translation, and only one."""

from __future__ import annotations

from events.web.i18n_check import conflicting, untranslated


def test_every_string_has_a_dutch_translation() -> None:
    missing = untranslated()
    assert not missing, "\n".join(f"{file}:{line}: {text}" for file, line, text in missing)


def test_no_two_catalogs_translate_a_string_differently() -> None:
    assert conflicting() == []
