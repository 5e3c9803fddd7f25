"""The Jinja2 template engine: autoescape, gettext, date filters and layout globals."""

from __future__ import annotations

from pathlib import Path

from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from events.settings import PROJECT_ROOT, Settings
from events.web import i18n
from events.web.flash import flash_message

TEMPLATE_DIR = PROJECT_ROOT / "templates"


def template_config(settings: Settings) -> TemplateConfig[JinjaTemplateEngine]:
    def configure(engine: JinjaTemplateEngine) -> None:
        environment = engine.engine
        environment.add_extension("jinja2.ext.i18n")
        environment.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=True
        )
        environment.trim_blocks = True
        environment.lstrip_blocks = True
        environment.globals.update(
            current_language=i18n.current_language,
            language_names=i18n.LANGUAGE_NAMES,
            theme_class=settings.theme_class,
            theme_css=settings.theme_css,
            theme_fonts=[part.strip() for part in settings.theme_fonts.split(",") if part.strip()],
            base_url=settings.base_url,
            flash_message=flash_message,
        )
        environment.filters.update(
            day=i18n.format_day,
            clock=i18n.format_clock,
            moment=i18n.format_moment,
            number=i18n.format_number,
            paragraphs=_paragraphs,
        )

    return TemplateConfig(
        directory=Path(TEMPLATE_DIR), engine=JinjaTemplateEngine, engine_callback=configure
    )


def _paragraphs(text: str | None) -> list[str]:
    """Split plain text on blank lines, for templates that show it as paragraphs."""
    return [part.strip() for part in (text or "").split("\n\n") if part.strip()]
