"""Fixtures of the organiser-page tests: one app per test module (building it takes a while)."""

from __future__ import annotations

import pytest
from litestar import Litestar

from events.app import create_app
from events.settings import load_settings


@pytest.fixture(scope="module")
def app() -> Litestar:
    """The app, built once per module; each test still gets its own client and empty tables."""
    return create_app(load_settings())
