"""What came of it: pledge progress, pairs that met again and responses per step, as plain data,
server-rendered SVG bar charts (no JavaScript, no library) and CSV rows.

Every chart comes with the same numbers as a table (the template shows both), so nothing is
told by colour alone; the SVG also prints each number in its segment and has a <title>.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any
from xml.sax.saxutils import escape

from markupsafe import Markup

from events.followup import campaign_sync, recipients
from events.followup.tables import (
    PROGRESS_STATUSES,
    CampaignStep,
    MeetingReply,
    PairReunion,
    PledgeProgress,
)
from events.outbox.tables import OutboxMessage
from events.pairs.tables import Pair
from events.pledges.tables import Pledge, PledgeTheme
from events.programme.tables import Event
from events.web.i18n import gettext as _

Row = dict[str, Any]
RESPONSE_WINDOW = timedelta(days=14)
MAX_WEEKS = 26


async def _pledges(event_id: int) -> list[Row]:
    return await Pledge.select(
        Pledge.id,
        Pledge.participant,
        Pledge.participant.organisation.name.as_alias("organisation"),
    ).where((Pledge.event == event_id) & (Pledge.status != "hidden"))


async def _history(pledge_ids: list[int]) -> dict[int, list[Row]]:
    history: dict[int, list[Row]] = defaultdict(list)
    for start in range(0, len(pledge_ids), recipients.CHUNK):
        for row in (
            await PledgeProgress.select(
                PledgeProgress.pledge, PledgeProgress.status, PledgeProgress.created_at
            )
            .where(PledgeProgress.pledge.is_in(pledge_ids[start : start + recipients.CHUNK]))
            .order_by(PledgeProgress.id)
        ):
            history[row["pledge"]].append(row)
    return history


def _status_at(history: list[Row], moment: datetime | None) -> str:
    status = "not_started"
    for row in history:
        if moment is None or row["created_at"] <= moment:
            status = row["status"]
    return status


def _empty() -> dict[str, int]:
    return dict.fromkeys(PROGRESS_STATUSES, 0)


async def dashboard(event_id: int, now: datetime) -> Row:
    """All figures of the outcomes page of one event."""
    event = (
        await Event.select(Event.id, Event.name, Event.slug, Event.ends_at)
        .where(Event.id == event_id)
        .first()
    )
    assert event is not None
    pledges = await _pledges(event_id)
    ids = [row["id"] for row in pledges]
    history = await _history(ids)
    by_status = _empty()
    by_org: dict[str, dict[str, int]] = defaultdict(_empty)
    for row in pledges:
        status = _status_at(history[row["id"]], None)
        by_status[status] += 1
        by_org[row["organisation"] or _("No organisation")][status] += 1
    by_theme: dict[str, dict[str, int]] = defaultdict(_empty)
    for start in range(0, len(ids), recipients.CHUNK):
        for row in await PledgeTheme.select(
            PledgeTheme.pledge, PledgeTheme.theme.name.as_alias("name")
        ).where(PledgeTheme.pledge.is_in(ids[start : start + recipients.CHUNK])):
            by_theme[row["name"]][_status_at(history[row["pledge"]], None)] += 1
    over_time: list[tuple[str, dict[str, int]]] = []
    week = 0
    while week <= MAX_WEEKS:
        moment = event["ends_at"] + timedelta(weeks=week)
        if moment > now and week > 0:
            break
        counts = _empty()
        for pledge_id in ids:
            counts[_status_at(history[pledge_id], moment)] += 1
        over_time.append((_("Week %(n)s", n=week), counts))
        week += 2
    pairs = await Pair.count().where((Pair.event == event_id) & (Pair.status == "complete"))
    met = await PairReunion.select(PairReunion.pair).where(PairReunion.pair.event == event_id)
    return {
        "event": event,
        "total": len(pledges),
        "by_status": by_status,
        "over_time": over_time,
        "by_theme": sorted(by_theme.items()),
        "by_organisation": sorted(by_org.items()),
        "pairs": pairs,
        "pairs_met": len({row["pair"] for row in met}),
        "steps": await step_responses(event_id),
    }


async def step_responses(event_id: int) -> list[Row]:
    """Per step: messages sent, and how many recipients responded within two weeks (a progress
    update, a note that their pair met again, or a reply to a meeting)."""
    result = []
    for step in await campaign_sync.list_steps(event_id):
        sent = await OutboxMessage.select(OutboxMessage.about, OutboxMessage.sent_at).where(
            (OutboxMessage.kind == campaign_sync.step_kind(step["id"]))
            & (OutboxMessage.status == "sent")
        )
        responded = 0
        for row in sent:
            participant_id = int(row["about"].split(":")[1])
            since, until = row["sent_at"], row["sent_at"] + RESPONSE_WINDOW
            answered = (
                await PledgeProgress.exists().where(
                    (PledgeProgress.pledge.participant == participant_id)
                    & (PledgeProgress.created_at >= since)
                    & (PledgeProgress.created_at <= until)
                )
                or await PairReunion.exists().where(
                    (PairReunion.participant == participant_id)
                    & (PairReunion.created_at >= since)
                    & (PairReunion.created_at <= until)
                )
                or await MeetingReply.exists().where(
                    (MeetingReply.participant == participant_id) & (MeetingReply.step == step["id"])
                )
            )
            responded += bool(answered)
        result.append(
            {
                "id": step["id"],
                "name": step["name"],
                "sent": len(sent),
                "responded": responded,
                "rate": round(100 * responded / len(sent)) if sent else 0,
            }
        )
    return result


async def public_updates(event_id: int) -> list[Row]:
    """Public progress updates for the report: only updates marked public, of approved pledges
    that are not private, of participants who were not erased; the name as the pledge shows it."""
    rows = (
        await PledgeProgress.select(
            PledgeProgress.id,
            PledgeProgress.status,
            PledgeProgress.text,
            PledgeProgress.created_at,
            PledgeProgress.pledge.id.as_alias("pledge_id"),
            PledgeProgress.pledge.title.as_alias("title"),
            PledgeProgress.pledge.visibility.as_alias("visibility"),
            PledgeProgress.pledge.participant.name.as_alias("participant_name"),
            PledgeProgress.pledge.participant.consent_public_name_at.as_alias("consent"),
        )
        .where(
            (PledgeProgress.pledge.event == event_id)
            & (PledgeProgress.public == True)  # noqa: E712  (Piccolo builds SQL from ==)
            & (PledgeProgress.pledge.status == "approved")
            & (PledgeProgress.pledge.visibility != "private")
            & (PledgeProgress.pledge.participant.status != "erased")
        )
        .order_by(PledgeProgress.created_at)
    )
    return [
        {
            "id": row["id"],
            "pledge_id": row["pledge_id"],
            "title": row["title"],
            "status": row["status"],
            "text": row["text"],
            "created_at": row["created_at"],
            "name": row["participant_name"]
            if row["visibility"] == "public_named" and row["consent"] is not None
            else None,
        }
        for row in rows
    ]


# --- charts ----------------------------------------------------------------------------------

# Fallback fills; organise.css takes them from the theme's tokens (class outcome-chart__bar--KEY).
# Neighbouring series differ in hue and in lightness, and numbers keep 4.5:1 on their segment.
FILLS = {
    "not_started": "#f9f9fa",
    "under_way": "#e9c40b",
    "done": "#0c451c",
    "dropped": "#cd262d",
    "value": "#00568b",
    "responded": "#00568b",
    "silent": "#f9f9fa",
}
DARK_TEXT = {"not_started", "under_way", "silent"}


def bar_chart(
    title: str, rows: list[tuple[str, dict[str, int]]], series: list[tuple[str, str]]
) -> Markup:
    """A horizontal stacked bar chart as inline SVG: one bar per row, one segment per series
    (key, label), numbers printed in the segments, a legend with words."""
    label_width, bar_width, bar_height, gap = 200, 420, 22, 8
    legend_height = 28
    height = legend_height + len(rows) * (bar_height + gap) + gap
    width = label_width + bar_width + 60
    largest = max([sum(counts.values()) for _label, counts in rows] + [1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="outcome-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    x = 0
    for key, label in series:
        parts.append(
            f'<rect x="{x}" y="6" width="14" height="14" fill="{FILLS.get(key, "#555")}" '
            f'class="outcome-chart__bar outcome-chart__bar--{key}"/>'
            f'<text x="{x + 18}" y="18" font-size="13">{escape(label)}</text>'
        )
        x += 24 + 8 * len(label)
    for index, (label, counts) in enumerate(rows):
        y = legend_height + gap + index * (bar_height + gap)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" font-size="13" text-anchor="end">'
            f"{escape(label[:30])}</text>"
        )
        x = float(label_width)
        for key, series_label in series:
            value = counts.get(key, 0)
            if not value:
                continue
            w = bar_width * value / largest
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" '
                f'fill="{FILLS.get(key, "#555")}" class="outcome-chart__bar '
                f'outcome-chart__bar--{key}"><title>{escape(label)}: '
                f"{escape(series_label)} {value}</title></rect>"
            )
            if w >= 18:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 16}" font-size="12" '
                    f'fill="{"#001a40" if key in DARK_TEXT else "#fff"}" '
                    f'text-anchor="middle">{value}</text>'
                )
            x += w
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + 16}" font-size="12">{sum(counts.values())}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def status_series() -> list[tuple[str, str]]:
    from events.followup.progress import status_labels

    labels = status_labels()
    return [(key, labels[key]) for key in PROGRESS_STATUSES]


def charts(data: Row) -> Row:
    series = status_series()
    return {
        "status": bar_chart(
            _("Pledges by status"), [(_("All pledges"), data["by_status"])], series
        ),
        "over_time": bar_chart(_("Pledges by status over time"), data["over_time"], series),
        "theme": bar_chart(_("Pledges by theme"), data["by_theme"], series),
        "organisation": bar_chart(_("Pledges by organisation"), data["by_organisation"], series),
        "steps": bar_chart(
            _("Response per campaign step"),
            [
                (
                    step["name"],
                    {"responded": step["responded"], "silent": step["sent"] - step["responded"]},
                )
                for step in data["steps"]
            ],
            [("responded", _("Responded")), ("silent", _("No response"))],
        ),
    }


def csv_rows(data: Row) -> list[list[Any]]:
    """The dashboard as CSV rows (header first); cells are made formula-safe by the caller."""
    rows: list[list[Any]] = [["section", "label", *PROGRESS_STATUSES, "sent", "responded"]]
    rows.append(["status", "all", *[data["by_status"][s] for s in PROGRESS_STATUSES], "", ""])
    for section, items in (
        ("over_time", data["over_time"]),
        ("theme", data["by_theme"]),
        ("organisation", data["by_organisation"]),
    ):
        for label, counts in items:
            rows.append([section, label, *[counts[s] for s in PROGRESS_STATUSES], "", ""])
    rows.append(["pairs", "complete", "", "", "", "", data["pairs"], data["pairs_met"]])
    for step in data["steps"]:
        rows.append(["step", step["name"], "", "", "", "", step["sent"], step["responded"]])
    return rows


async def campaign_step_ids(event_id: int) -> list[int]:
    return [
        row["id"]
        for row in await CampaignStep.select(CampaignStep.id).where(CampaignStep.event == event_id)
    ]
