"""Personal links in messages: the outbox keeps a nonce, the domain that owns the link makes it.

A message with a personal link (a manage link, an account invitation) stores only a nonce in its
context, and only until it is sent; the link itself needs the site key and the owner's token
rule. The outbox does not know those rules: each owner registers a `LinkRenderer` when the app
is built (`events.app.wire`), and `finish` lets the renderers replace their nonces by links as a
row is rendered. The builder's helper processes get the renderers with each task (they are
module-level functions, so they travel by name).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from events.settings import Settings

# (settings, the row's context, preview): replaces the nonce in the context by its link.
RenderLink = Callable[[Settings, dict[str, Any], bool], None]


@dataclass(frozen=True)
class LinkRenderer:
    """A kind of personal link: `marker` is the context key that says a message has one,
    `secret_keys` what is dropped from the stored context once the message is sent."""

    marker: str
    secret_keys: tuple[str, ...]
    render: RenderLink


RENDERERS: dict[str, LinkRenderer] = {}


def register(name: str, renderer: LinkRenderer) -> None:
    """Add (or replace) the renderer `name`; done once when the app is built."""
    RENDERERS[name] = renderer


def renderers() -> tuple[LinkRenderer, ...]:
    return tuple(RENDERERS.values())


def finish(
    settings: Settings,
    context: dict[str, Any],
    preview: bool,
    chosen: Iterable[LinkRenderer] | None = None,
) -> None:
    """Turn the nonces in `context` into links (placeholders that open nothing in a preview)."""
    for renderer in renderers() if chosen is None else chosen:
        if renderer.marker in context:
            renderer.render(settings, context, preview)


def secret_keys() -> tuple[str, ...]:
    """Every context key that holds a link's secret."""
    return tuple(key for renderer in renderers() for key in renderer.secret_keys)
