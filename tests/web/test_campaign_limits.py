"""Campaign texts are rendered with limits: a template cannot eat the server's time or memory."""

from __future__ import annotations

import re
import tracemalloc

import pytest
from jinja2 import TemplateError
from litestar import Litestar
from litestar.testing import AsyncTestClient

from events.followup import campaign_sync
from events.followup.campaign_texts import MAX_OUTPUT, render_text, sample_context
from tests.conftest import post_form
from tests.followup.helpers import make_event
from tests.followup.test_pages import step_form

HUGE = [
    "{{ 'a' * 100000000 }}",
    "{{ 100000000 * 'ab' }}",
    "{{ ['a'] * 100000000 }}",
    "{% set s = 'a' * 90000 %}{{ s + s }}",
    "{{ 'a'.ljust(100000000) }}",
    "{{ '{:>100000000}'.format(1) }}",
    "{{ '%100000000s' % 'a' }}",
    "{{ 7 ** 100000000 }}",
    "{{ ('a' * 1000).replace('a', 'a' * 1000) }}",
    "{{ (['a' * 900] * 100) | join('b' * 90000) }}",
    "{% for i in range(100000000) %}x{% endfor %}",
    "{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}"
    "{% endfor %}{% endfor %}{% endfor %}",
    "{% for i in range(1000) %}{{ 'a' * 99 }}{% endfor %}{% for i in range(1000) %}"
    "{{ 'a' * 99 }}{% endfor %}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{{ name | center(100000000) }}",
    "{{ lipsum(100000) }}",
]


@pytest.mark.parametrize("source", HUGE)
def test_huge_or_slow_templates_are_refused_quickly(source: str) -> None:
    tracemalloc.start()
    with pytest.raises(TemplateError):
        render_text(source, sample_context())
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 10_000_000, f"{source} used {peak / 1e6:.0f} MB"


def test_ordinary_templates_still_work() -> None:
    text = render_text(
        "Beste {{ name | upper }},{% if pledge_title %} u: ‘{{ pledge_title }}’.{% endif %} "
        "{% for word in ['een', 'twee'] %}{{ loop.index }}={{ word }} {% endfor %}"
        "{{ name.split(' ') | join('-') }} {{ '-' * 20 }}",
        sample_context(),
    )
    assert text == (
        "Beste ANNA DE VRIES, u: ‘Een wijkspreekuur starten’. 1=een 2=twee "
        "Anna-de-Vries " + "-" * 20
    )
    assert len(render_text(f"{{{{ 'a' * {MAX_OUTPUT} }}}}", {})) == MAX_OUTPUT


async def test_the_organiser_sees_the_limit_next_to_the_field(
    organiser_client: AsyncTestClient[Litestar],
) -> None:
    event_id = await make_event()
    response = await post_form(
        organiser_client,
        f"/organise/events/{event_id}/campaign/new",
        step_form(body_nl="Beste {{ name }}, {{ 'a' * 100000000 }}", action="save"),
    )

    assert response.status_code == 400
    error = re.search(r'id="error-body_nl"[^>]*>([^<]*)<', response.text)
    assert error and "de tekst zou te lang worden" in error.group(1), response.text[-2000:]
    assert len(await campaign_sync.list_steps(event_id)) == 4, "nothing saved"


def test_a_macro_calling_itself_is_stopped_by_depth_not_by_the_clock() -> None:
    with pytest.raises(TemplateError, match="20"):
        render_text("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", {})
    nested = "{% macro m(n) %}{% if n %}{{ n }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(5) }}"
    assert render_text(nested, {}) == "54321"
