"""Dutch and English: every user-facing string has a Dutch translation, and only one."""

from __future__ import annotations

from events.web.i18n_check import FORMAL, conflicting, formal_address, untranslated


def test_every_string_has_a_dutch_translation() -> None:
    missing = untranslated()
    assert not missing, "\n".join(f"{file}:{line}: {text}" for file, line, text in missing)


def test_no_two_catalogs_translate_a_string_differently() -> None:
    assert conflicting() == []


def test_dutch_texts_say_je_not_u() -> None:
    formal = formal_address()
    assert not formal, "\n".join(f"{file}:{line}: {text}" for file, line, text in formal)


def test_the_formal_check_sees_u_and_uw() -> None:
    assert FORMAL.search("Controleer uw e-mail") and FORMAL.search("Wilt u dat?")
    assert not FORMAL.search("Uitnodiging voor je duo, nu en uur")
