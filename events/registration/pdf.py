"""Printouts as PDF (reportlab): badges, one per A6 page or eight per A4 label sheet, and the
attendance list of a workshop with a tick column and room to sign.

Pure functions: plain rows in, PDF bytes out, no database and no request, so a badge run can be
built in a worker thread (see badge_jobs). Text is set in an embedded TrueType font (DejaVu
Sans from the system when installed, else the Bitstream Vera that ships inside reportlab) so
names such as "Geërte Ruïz" print as written.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import segno
from reportlab import rl_config
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

REGULAR = "EventsSans"
BOLD = "EventsSans-Bold"
NAME_FONT = "EventsSans-Name"  # condensed bold where the system has it: more name per line
rl_config.useA85 = 0  # binary compressed streams: smaller, and no time spent on ASCII85
QR_MASK = 2
NAME_MIN_SIZE = 28.0  # a name is never set smaller: it wraps onto a second line instead


@dataclass(frozen=True)
class BadgeFormat:
    """A badge page layout: `across` × `down` labels of `width` × `height` on `page`."""

    key: str
    page: tuple[float, float]
    width: float
    height: float
    across: int
    down: int
    left: float  # page margin to the first label
    top: float
    pitch_x: float  # label start to next label start
    pitch_y: float
    name_size: float  # the size a name starts at, shrunk to fit the width down to 28 pt

    @property
    def per_page(self) -> int:
        return self.across * self.down


A6_FORMAT = BadgeFormat("a6", A6, A6[0], A6[1], 1, 1, 0, 0, A6[0], A6[1], 40)
# Avery L7165 (and Herma 4453/Zweckform 3427-type) labels: 99.1 × 67.7 mm, 2 × 4 on A4.
L7165_FORMAT = BadgeFormat(
    "l7165", A4, 99.1 * mm, 67.7 * mm, 2, 4, 4.65 * mm, 13.1 * mm, 101.6 * mm, 67.7 * mm, 34
)
BADGE_FORMATS = {f.key: f for f in (A6_FORMAT, L7165_FORMAT)}


def _font_files() -> tuple[Path, Path, Path]:
    """Regular, bold and name fonts: Debian's fonts-dejavu, else reportlab's own Vera."""
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    files = [dejavu / f"DejaVuSans{s}.ttf" for s in ("", "-Bold", "Condensed-Bold")]
    if all(path.exists() for path in files):
        return files[0], files[1], files[2]
    import reportlab

    bundled = Path(reportlab.__file__).resolve().parent / "fonts"
    return bundled / "Vera.ttf", bundled / "VeraBd.ttf", bundled / "VeraBd.ttf"


@cache
def register_fonts() -> None:
    """Register the regular and bold fonts once per process (embedded as subsets)."""
    regular, bold, name = _font_files()
    pdfmetrics.registerFont(TTFont(REGULAR, str(regular)))
    pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
    pdfmetrics.registerFont(TTFont(NAME_FONT, str(name)))


def sort_key(name: str) -> tuple[str, str]:
    """Alphabetical the way people read it: accents and case do not move a name."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return plain.casefold().strip(), name


def _tokens(name: str) -> list[str]:
    """Words, with a double name split after its hyphen ("Berg-", "Hoogeveen")."""
    return [piece for word in name.split() for piece in re.findall(r"[^-]+-?|-", word)]


def _break_letters(token: str, width: float, size: float) -> list[str]:
    """The token as pieces that fit `width` (the last one may be shorter)."""
    pieces = []
    while pdfmetrics.stringWidth(token, NAME_FONT, size) > width and len(token) > 1:
        cut = len(token) - 1
        while cut > 1 and pdfmetrics.stringWidth(token[:cut], NAME_FONT, size) > width:
            cut -= 1
        pieces.append(token[:cut])
        token = token[cut:]
    return [*pieces, token]


def fit_name(
    name: str, width: float, start: float, narrow_from: int = 99, narrow: float = 0
) -> tuple[float, list[str]]:
    """The size and lines of a name: one line shrunk from `start` down to 28 pt if needed,
    else lines of words (double names break after the hyphen) at 28 pt; a single word wider
    than the badge is broken by letters. Lines from number `narrow_from` (0-based) on are
    `narrow` wide (they sit beside the QR code)."""
    size = start
    while size >= NAME_MIN_SIZE:
        if pdfmetrics.stringWidth(name, NAME_FONT, size) <= width:
            return size, [name]
        size -= 1
    size = NAME_MIN_SIZE
    lines: list[str] = []

    def room() -> float:
        return narrow if len(lines) >= narrow_from else width

    current = ""
    for token in _tokens(name):
        joiner = "" if not current or current.endswith("-") else " "
        candidate = current + joiner + token
        if pdfmetrics.stringWidth(candidate, NAME_FONT, size) <= room():
            current = candidate
            continue
        if current:
            lines.append(current)
        current = token
        while pdfmetrics.stringWidth(current, NAME_FONT, size) > room() and len(current) > 1:
            *whole, current = _break_letters(current, room(), size)
            lines.append(whole[0])
            current = "".join(whole[1:]) + current
    if current:
        lines.append(current)
    return size, lines


def _shrink(text: str, font: str, size: float, width: float, smallest: float) -> float:
    while size > smallest and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def draw_qr(canvas: Canvas, url: str, x: float, y: float, side: float) -> None:
    """The QR code of `url`, bottom-left at x, y, as one filled path of rectangles (one per
    run of dark modules) in module units: vector, so it scans sharp at any print size.

    The mask is fixed instead of scored (any of the eight masks is a valid QR code; scoring
    them is most of segno's time), which keeps 3,000 badges quick."""
    matrix = segno.make(url, error="m", mask=QR_MASK, micro=False).matrix
    count = len(matrix)
    ops: list[str] = []
    for row_index, row in enumerate(matrix):
        line = count - 1 - row_index
        start = -1
        for col, dark in enumerate((*row, 0)):
            if dark and start < 0:
                start = col
            elif not dark and start >= 0:
                ops.append(f"{start} {line} {col - start} 1 re")
                start = -1
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(side / count, side / count)
    canvas.addLiteral("\n".join(ops) + " f")
    canvas.restoreState()


def _organisation_lines(
    text: str, width: float, start: float, smallest: float
) -> tuple[float, list[str]]:
    """The organisation on one line (shrunk from `start` to `smallest`), else on two lines at
    `smallest`, the rest cut off with an ellipsis."""
    size = _shrink(text, REGULAR, start, width, smallest)
    if pdfmetrics.stringWidth(text, REGULAR, size) <= width:
        return size, [text]
    lines = simpleSplit(text, REGULAR, size, width)
    if len(lines) > 2:
        second = lines[1]
        while second and pdfmetrics.stringWidth(f"{second}…", REGULAR, size) > width:
            second = second[:-1]
        lines = [lines[0], f"{second.rstrip()}…"]
    return size, lines


def _draw_badge(
    canvas: Canvas, fmt: BadgeFormat, x: float, y: float, row: dict[str, Any], event_name: str
) -> None:
    a6 = fmt is A6_FORMAT
    margin = 7 * mm if a6 else 5 * mm
    inner = fmt.width - 2 * margin
    top = y + fmt.height - margin
    if a6:  # the QR code sits centred below the text, which has the full width
        side, qr_bottom, narrow_from, narrow = 45 * mm, y + margin + 8 * mm, 99, inner
    else:  # bottom right; lines of a long name that reach down beside it are narrower
        side, qr_bottom = 27 * mm, y + margin
        line = NAME_MIN_SIZE * 1.1
        narrow_from = max(1, int((top - qr_bottom - side - 1 * mm - 0.3 * NAME_MIN_SIZE) // line))
        narrow = inner - side - 2 * mm
    size, lines = fit_name(row["name"], inner, fmt.name_size, narrow_from, narrow)
    canvas.setFont(NAME_FONT, size)
    for line_text in lines:
        top -= size * 1.1
        canvas.drawString(x + margin, top, line_text)
    organisation = row.get("organisation_name") or ""
    if organisation:
        width = narrow if len(lines) >= narrow_from else inner
        org_size, org_lines = _organisation_lines(
            organisation, width, 16 if a6 else 12, 10 if a6 else 8
        )
        canvas.setFont(REGULAR, org_size)
        top -= org_size * 0.4
        for line_text in org_lines:
            top -= org_size * 1.2
            canvas.drawString(x + margin, top, line_text)
    if a6:
        side = max(25 * mm, min(side, top - qr_bottom - 4 * mm))
        draw_qr(canvas, row["url"], x + (fmt.width - side) / 2, qr_bottom, side)
        canvas.setFont(REGULAR, 10)
        canvas.drawCentredString(x + fmt.width / 2, y + margin, event_name)
    else:
        draw_qr(canvas, row["url"], x + fmt.width - margin - side, qr_bottom, side)
        if top > y + margin + 12:  # the event's name, when a very long name left room for it
            event_size = _shrink(event_name, REGULAR, 9, inner - side - 3 * mm, 6)
            canvas.setFont(REGULAR, event_size)
            canvas.drawString(x + margin, y + margin, event_name)


def badges_pdf(
    rows: Sequence[dict[str, Any]],
    event_name: str,
    fmt: BadgeFormat,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """Badges for `rows` (name, organisation_name, url), alphabetical by name. `progress` is
    called with the number of badges drawn, every 100 and at the end."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=fmt.page, pageCompression=1)
    canvas.setTitle(event_name)
    ordered = sorted(rows, key=lambda row: sort_key(row["name"]))
    page_height = fmt.page[1]
    for index, row in enumerate(ordered):
        slot = index % fmt.per_page
        if slot == 0 and index:
            canvas.showPage()
        column, line = slot % fmt.across, slot // fmt.across
        x = fmt.left + column * fmt.pitch_x
        y = page_height - fmt.top - line * fmt.pitch_y - fmt.height
        canvas.saveState()
        if fmt.per_page > 1:  # a name too long for its label is cut, never on the next label
            clip = canvas.beginPath()
            clip.rect(x, y, fmt.width, fmt.height)
            canvas.clipPath(clip, stroke=0, fill=0)
        _draw_badge(canvas, fmt, x, y, row, event_name)
        canvas.restoreState()
        if progress is not None and (index + 1) % 100 == 0 and index + 1 < len(ordered):
            progress(index + 1)
    if not ordered:
        canvas.setFont(REGULAR, 12)
        canvas.drawString(15 * mm, page_height - 20 * mm, event_name)
    canvas.showPage()
    canvas.save()
    if progress is not None:
        progress(len(ordered))
    return buffer.getvalue()


@dataclass(frozen=True)
class AttendanceSheet:
    """What the attendance list of one workshop prints above and in its table."""

    event_name: str
    title: str
    subtitle: str
    headers: tuple[str, str, str, str, str]  # tick, name, organisation, booking, signature
    footer: str  # "page %(page)s" text with %(page)s in it


def attendance_pdf(sheet: AttendanceSheet, rows: Iterable[tuple[str, str, str]]) -> bytes:
    """An A4 list: a tick box, name, organisation, booking and a line to sign, alphabetical
    (rows are (name, organisation, booking)); the header repeats on every page."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(f"{sheet.title} · {sheet.event_name}")
    width, height = A4
    left, right, bottom = 15 * mm, width - 15 * mm, 18 * mm
    columns = (left, left + 10 * mm, left + 80 * mm, left + 127 * mm, left + 147 * mm)
    line_height = 9 * mm
    page = 1

    def header() -> float:
        canvas.setFont(BOLD, 15)
        canvas.drawString(left, height - 20 * mm, sheet.title)
        canvas.setFont(REGULAR, 10)
        canvas.drawString(left, height - 26 * mm, f"{sheet.event_name} · {sheet.subtitle}")
        top = height - 36 * mm
        canvas.setFont(BOLD, 9)
        for x, text in zip(columns, sheet.headers, strict=True):
            canvas.drawString(x, top, text)
        canvas.line(left, top - 2 * mm, right, top - 2 * mm)
        canvas.setFont(REGULAR, 8)
        canvas.drawRightString(right, 10 * mm, sheet.footer % {"page": page})
        return top - 2 * mm

    y = header()
    for name, organisation, booking in sorted(rows, key=lambda r: sort_key(r[0])):
        if y - line_height < bottom:
            canvas.showPage()
            page += 1
            y = header()
        base = y - line_height + 3 * mm
        canvas.rect(columns[0] + 1 * mm, base - 0.5 * mm, 4 * mm, 4 * mm, stroke=1, fill=0)
        canvas.setFont(REGULAR, _shrink(name, REGULAR, 10, 68 * mm, 7))
        canvas.drawString(columns[1], base, name)
        canvas.setFont(REGULAR, _shrink(organisation, REGULAR, 9, 45 * mm, 6))
        canvas.drawString(columns[2], base, organisation)
        canvas.setFont(REGULAR, 8)
        canvas.drawString(columns[3], base, booking)
        canvas.setDash(1, 2)
        canvas.line(columns[4], base - 1 * mm, right, base - 1 * mm)
        canvas.setDash()
        y -= line_height
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def pdf_filename(prefix: str, slug: str) -> str:
    """A plain download name: letters, digits, `-` and `.` only."""
    safe = "".join(c if c.isalnum() or c in "-." else "-" for c in f"{prefix}-{slug}")
    return f"{safe}.pdf"
