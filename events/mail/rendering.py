"""Rendering a message's subject, text and HTML from `templates/mail/` in a given language.

A mail template family is `mail/<name>.txt` and `mail/<name>.html`. The text template sets the
subject at its top with `{% set subject = _("...") %}`; both are rendered with gettext switched
to the recipient's language. HTML templates are autoescaped, text templates are not.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from events.web import i18n
from events.web.templating import TEMPLATE_DIR

# Where an organiser's own text has its personal link: the link is known only when it is sent.
LINK_MARKER = "[[link]]"


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


@cache
def environment() -> jinja2.Environment:
    """The Jinja environment of mail templates (one per process)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=True
    )
    env.filters.update(
        day=i18n.format_day,
        clock=i18n.format_clock,
        moment=i18n.format_moment,
        with_link=own_text_plain,
        with_link_html=own_text_html,
    )
    return env


def own_text_plain(body: str, link: str | None) -> str:
    """An organiser's plain text as the text part: the link marker becomes the link."""
    return body.replace(LINK_MARKER, link or "").strip()


def own_text_html(body: str, link: str | None) -> Markup:
    """An organiser's plain text as HTML: escaped, a paragraph per blank line, the link as a
    link, so nothing they type can add markup."""
    paragraphs = []
    for paragraph in body.strip().replace("\r\n", "\n").split("\n\n"):
        if not paragraph.strip():
            continue
        pieces = [escape(piece) for piece in paragraph.strip().split(LINK_MARKER)]
        anchor = Markup('<a href="{0}">{0}</a>').format(link) if link else Markup("")
        joined = anchor.join(pieces)
        paragraphs.append(Markup("<p>{}</p>").format(Markup("<br>\n").join(joined.split("\n"))))
    return Markup("\n").join(paragraphs)


def render_mail(template: str, context: dict[str, Any], language: str) -> RenderedMail:
    """Subject, text and HTML of `mail/<template>` in `language` (nl or en)."""
    env = environment()
    token = i18n.set_current_language(language)
    try:
        text_template = env.get_template(f"mail/{template}.txt")
        module = text_template.make_module({**context, "language": language})
        subject = str(getattr(module, "subject", "")).strip()
        if not subject:
            raise ValueError(f"mail/{template}.txt does not set a subject")
        text = str(module).strip() + "\n"
        html = env.get_template(f"mail/{template}.html").render(
            {**context, "language": language, "subject": subject}
        )
    finally:
        i18n._current_language.reset(token)
    return RenderedMail(subject=subject, text=text, html=html)
