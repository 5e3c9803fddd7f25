"""The organiser's campaign texts: Jinja2 in a sandbox with limits on size and running time.

A campaign subject or body is a Jinja2 template with named placeholders (see
`campaigns.PLACEHOLDERS`). Jinja's own sandbox keeps templates away from Python internals but
not from the machine: `{{ 'a' * 100000000 }}` takes seconds and a hundred megabytes. So
`LimitedSandbox` also refuses, before they are computed, values bigger than `MAX_OUTPUT`
(string and list repetition and concatenation, huge powers, widths in format strings, `range`
beyond `MAX_RANGE`, integer arguments to methods and filters), keeps only filters whose output
is no bigger than their input, forbids loops inside loops, and stops a rendering that runs
longer than `MAX_SECONDS` or writes more than `MAX_OUTPUT` characters. Every refusal is a
`TemplateLimitError`, which `template_error` turns into a message next to the field.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache, wraps
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError, nodes
from jinja2.runtime import Context, Macro
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.utils import Namespace

from events.web.i18n import gettext as _

Row = dict[str, Any]

MAX_OUTPUT = 100_000  # characters of one rendered text (or one value on the way)
MAX_RANGE = 1_000
MAX_SECONDS = 0.5
MAX_INT_BITS = 10_000
MAX_MACRO_DEPTH = 20  # macros calling macros; deeper is a runaway recursion
SAFE_FILTERS = frozenset(
    {
        "abs",
        "capitalize",
        "count",
        "d",
        "default",
        "e",
        "escape",
        "first",
        "float",
        "int",
        "join",
        "last",
        "length",
        "list",
        "lower",
        "reverse",
        "round",
        "sort",
        "string",
        "striptags",
        "title",
        "trim",
        "truncate",
        "unique",
        "upper",
        "wordcount",
    }
)
# A width or precision of six digits or more in a str.format or %-format string.
WIDE_FORMAT = re.compile(r"\{[^{}]*\d{6,}[^{}]*\}")
WIDE_PERCENT = re.compile(r"%[-+ #0]*(\*|\d{6,})")

_deadline: ContextVar[float] = ContextVar("campaign_text_deadline", default=float("inf"))
_macro_depth: ContextVar[int] = ContextVar("campaign_text_macro_depth", default=0)


class TemplateLimitError(SecurityError):
    """A campaign text would take too long or become too big."""


def too_big() -> TemplateLimitError:
    return TemplateLimitError(
        _("the text would become too long (more than %(limit)s characters)", limit=MAX_OUTPUT)
    )


def size_of(value: Any) -> int:
    """About how many characters `value` takes (strings and the items of lists)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | tuple):
        return len(value) + sum(size_of(item) for item in value)
    return 1


def check_time() -> None:
    if time.monotonic() > _deadline.get():
        raise TemplateLimitError(_("filling in the text takes too long"))


def check_size(*values: Any) -> None:
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool):
            if abs(value) > MAX_OUTPUT:
                raise too_big()
        elif size_of(value) > MAX_OUTPUT:
            raise too_big()


def limited_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimitError(
            _("a range of more than %(limit)s numbers is not allowed", limit=MAX_RANGE)
        )
    return numbers


def _predicted_size(operator: str, left: Any, right: Any) -> int:
    if operator == "*" and isinstance(left, int) and isinstance(right, str | list | tuple):
        left, right = right, left
    if operator == "*" and isinstance(left, str | list | tuple) and isinstance(right, int):
        return size_of(left) * max(right, 0)
    if operator == "+" and isinstance(left, str | list | tuple):
        return size_of(left) + size_of(right)
    return 0


def _int_too_big(operator: str, left: Any, right: Any) -> bool:
    if not (isinstance(left, int) and isinstance(right, int)):
        return False
    if operator == "**":
        return right > 0 and abs(left) > 1 and right * abs(left).bit_length() > MAX_INT_BITS
    if operator == "*":
        return left.bit_length() + right.bit_length() > MAX_INT_BITS
    return False


class LimitedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with limits on the size of values and output and on running time."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals = {"range": limited_range, "dict": dict, "namespace": Namespace}
        self.filters = {
            name: self._limited_filter(name, function)
            for name, function in self.filters.items()
            if name in SAFE_FILTERS
        }

    @staticmethod
    def _limited_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(function)
        def limited(*args: Any, **kwargs: Any) -> Any:
            check_time()
            check_size(*args[1:], *kwargs.values())
            if name == "join":
                values = list(args[1] if len(args) > 1 else [])
                separator = args[2] if len(args) > 2 else kwargs.get("d", "")
                if size_of(values) + size_of(separator) * len(values) > MAX_OUTPUT:
                    raise too_big()
            return function(*args, **kwargs)

        return limited

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        check_time()
        if _predicted_size(operator, left, right) > MAX_OUTPUT or _int_too_big(
            operator, left, right
        ):
            raise too_big()
        if operator == "%" and isinstance(left, str) and WIDE_PERCENT.search(left):
            raise too_big()
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        check_time()
        check_size(*args, *kwargs.values())
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            widest = max([1, *(size_of(value) for value in (*args, *kwargs.values()))])
            if (len(owner) + 1) * widest > MAX_OUTPUT:
                raise too_big()
        if not isinstance(__obj, Macro):
            return super().call(__context, __obj, *args, **kwargs)
        depth = _macro_depth.get()
        if depth >= MAX_MACRO_DEPTH:
            raise TemplateLimitError(
                _("a macro may call itself at most %(depth)s deep", depth=MAX_MACRO_DEPTH)
            )
        token = _macro_depth.set(depth + 1)
        try:
            return super().call(__context, __obj, *args, **kwargs)
        finally:
            _macro_depth.reset(token)

    def getattr(self, obj: Any, attribute: str) -> Any:
        check_time()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        check_time()
        return super().getitem(obj, argument)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        owner = getattr(value, "__self__", None)
        if isinstance(owner, str) and WIDE_FORMAT.search(owner):
            raise too_big()
        return super().wrap_str_format(value)


_sandbox = LimitedSandbox(undefined=StrictUndefined, autoescape=False, trim_blocks=True)


def _check_loops(template: nodes.Template) -> None:
    for loop in template.find_all(nodes.For):
        if next(loop.find_all(nodes.For), None) is not None:
            raise TemplateLimitError(_("a loop inside a loop is not allowed"))


@lru_cache(maxsize=256)
def _compiled(source: str) -> Template:
    """Compiling is most of the cost of rendering; a step's texts are compiled once."""
    parsed = _sandbox.parse(source)
    _check_loops(parsed)
    return _sandbox.from_string(parsed)


def render_text(source: str, context: Row) -> str:
    """The text filled in for one recipient; TemplateError when it breaks a limit."""
    template = _compiled(source)
    token = _deadline.set(time.monotonic() + MAX_SECONDS)
    try:
        parts: list[str] = []
        written = 0
        for part in template.generate(context):
            written += len(part)
            if written > MAX_OUTPUT:
                raise too_big()
            check_time()
            parts.append(part)
    except (RecursionError, MemoryError, OverflowError) as error:
        raise TemplateLimitError(_("filling in the text takes too long")) from error
    finally:
        _deadline.reset(token)
    return "".join(parts).strip()


def sample_context(event_name: str = "Parade") -> Row:
    """Placeholder values to check a template with (and to preview without a participant)."""
    return {
        "name": "Anna de Vries",
        "event": event_name,
        "pledge_title": "Een wijkspreekuur starten",
        "progress_url": "https://example.org/progress/1/abc",
        "partner_name": "Bram Jansen",
        "pair_title": "Samen schuldhulp",
        "followup_url": "https://example.org/follow-up/1/abc",
        "meeting_time": "3 februari 2027 16:00",
        "meeting_place": "Stadhuis",
        "my_programme": "10:00–10:45 Samen schuldhulp (Zaal 2): plaats\n"
        "11:00–11:45 Wijkteams aan zet (Zaal 5): wachtlijst, nummer 2",
    }


def template_error(source: str) -> str | None:
    """Why an organiser's template cannot be used (in the user's language), or None."""
    try:
        render_text(source, sample_context())
    except TemplateError as error:
        message = getattr(error, "message", None) or str(error)
        line = getattr(error, "lineno", None)
        if line:
            return _("Template error on line %(line)s: %(problem)s", line=line, problem=message)
        return _("Template error: %(problem)s", problem=message)
    except (ArithmeticError, LookupError, TypeError, ValueError) as error:
        return _("Template error: %(problem)s", problem=str(error))
    return None
