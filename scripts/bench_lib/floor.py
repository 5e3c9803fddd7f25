"""The FLOOR of the page benchmarks: a bare Litestar app with one Jinja2 template handler.

`GET /floor/{size}` renders templates/floor.html (autoescaped, a loop over lines of text) into a
page of exactly `size` bytes. It has no database, no middleware and no dependencies, so it shows
what Litestar + Jinja2 + uvicorn on this machine can do at most for a page of that size.
Start it like the app: `uvicorn --factory bench_lib.floor:create_app --app-dir scripts`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Litestar, get
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig

TEMPLATES = Path(__file__).parent / "templates"
TITLE = "Vloer"
LINE = "Dit is een regel tekst van de vloerpagina, even lang als de meeste alineas hier. "
PER_LINE = len("<p></p>\n")
_environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())


def _render(lines: list[str]) -> str:
    return _environment.get_template("floor.html").render(title=TITLE, lines=lines)


@lru_cache(maxsize=64)
def lines_for(size: int) -> tuple[str, ...]:
    """Lines of text that make the page exactly `size` bytes (ASCII, nothing to escape)."""
    base = len(_render([]).encode())
    remaining = max(0, size - base)
    count, rest = divmod(remaining, len(LINE) + PER_LINE)
    lines = [LINE] * count
    if rest >= PER_LINE:
        lines.append(("x" * rest)[: rest - PER_LINE])
    elif lines:
        lines[-1] = LINE + "y" * rest
    assert len(_render(lines).encode()) == size or size < base, (size, len(_render(lines)))
    return tuple(lines)


@get("/floor/{size:int}", sync_to_thread=False)
def floor(size: int) -> Template:
    return Template("floor.html", context={"title": TITLE, "lines": lines_for(size)})


@get("/healthz", sync_to_thread=False)
def healthz() -> str:
    return "ok"


def create_app() -> Litestar:
    return Litestar(
        route_handlers=[floor, healthz],
        template_config=TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine),
    )
