"""One way to page an organiser list on the server: the page number from the query string,
LIMIT/OFFSET on the filtered query, a count beside it, and the window a pager shows.

Every organiser list (registrations, check-in, pledges, pairs, outbox, audit) uses this, with
the macro in templates/web/_pager.html. A page past the end shows the last page; a page number
that is not a number shows the first; no value in the query string can make a list fail.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

PAGE_SIZE = 50
SEARCH_LIMIT = 200

Row = dict[str, Any]


def optional_int(value: str | None) -> int | None:
    """A positive whole number from a query value, or None for anything else."""
    text = (value or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def page_number(params: Mapping[str, str]) -> int:
    """The page asked for in the query string (`page`), 1 when absent or not a number."""
    return optional_int(params.get("page")) or 1


def search_text(params: Mapping[str, str], name: str = "q") -> str:
    """A search text from the query string, trimmed and cut to a sane length."""
    return (params.get(name) or "").strip()[:SEARCH_LIMIT]


def one_of(params: Mapping[str, str], name: str, allowed: tuple[str, ...] | list[str]) -> str:
    """A filter value that must be one of `allowed`; anything else means 'no filter'."""
    value = params.get(name) or ""
    return value if value in allowed else ""


def like_pattern(search: str) -> str:
    """A case-blind LIKE pattern for `search` (compare it with a LOWER(...) column)."""
    return f"%{search.lower()}%"


def query_string(**values: object) -> str:
    """The non-empty values as a URL query (for pager links that keep the filters)."""
    return urlencode({key: value for key, value in values.items() if value not in ("", None)})


def window(total: int, page: int, per_page: int = PAGE_SIZE) -> Row:
    """Which page is shown of `total` rows: page (clamped), pages, offset, first and last row."""
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    offset = (page - 1) * per_page
    return {
        "page": page,
        "pages": pages,
        "per_page": per_page,
        "offset": offset,
        "total": total,
        "first": offset + 1 if total else 0,
        "last": min(offset + per_page, total),
    }


async def paginate(
    count_query: Any, select_query: Any, page: int, per_page: int = PAGE_SIZE
) -> Row:
    """One page of a Piccolo select (already filtered and ordered) beside its count.

    Two queries whatever the page size; the result is the `window` with its `rows`.
    """
    total = await count_query
    listing = window(total, page, per_page)
    listing["rows"] = await select_query.limit(per_page).offset(listing["offset"])
    return listing


def empty_listing() -> Row:
    """The listing of a list that was not asked for (nothing searched yet)."""
    return {**window(0, 1), "rows": []}
