"""The outbox's rules: enqueue a message, render it, unsubscribe, and what organisers may do.

Design: a row stores *what to render*, not the rendered bytes — the template family name
(`templates/mail/<template>.txt|.html`), a JSON context and, for invites, the invite's data
(`InviteData.to_json()` under the context key "invite"). The message is rendered when it is sent,
in the recipient's language, with DTSTAMP = the row's creation time and the row's fixed Message-ID,
so a message sent twice after a crash is the same message (to mail clients; only its Date, the
moment it is sent, differs). The dispatcher stamps that Date when it hands the message to the server
(`events.mail.messages.with_date`), so a follow-up queued months ahead, or a retry days later, is
not dated when it was queued.
Rows stay small (a 10,000-message campaign costs a few MB) and the organiser preview shows
exactly what the dispatcher will send.

`enqueue` only inserts; called inside the caller's `write_transaction()` it commits or rolls back
with the caller's own writes, and the UNIQUE idempotency key turns a second enqueue of the same
thing into a no-op (ON CONFLICT DO NOTHING) that returns the existing row.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import make_msgid
from typing import Any
from urllib.parse import quote

from events.calendar.invites import InviteData, build_invite
from events.mail.messages import Mailbox, MessageParts, build_message, clean_header, mailbox
from events.mail.messages import Unsubscribe as UnsubscribeTargets
from events.mail.rendering import RenderedMail, render_mail
from events.outbox import links
from events.outbox.tables import STATUSES, OutboxMessage, Unsubscribe
from events.settings import LANGUAGES, Settings
from events.web.pagination import paginate

SENDER_NAME = "PraktijkVoorbeeldenParade"
ORGANISER_NAME = "Organisatie PraktijkVoorbeeldenParade"


# Wake-up callbacks of the dispatchers running in this process (see dispatcher.start).
WAKE_CALLBACKS: set[Callable[[datetime], None]] = set()


def utcnow() -> datetime:
    return datetime.now(UTC)


def undeliverable(address: str) -> bool:
    """An address under the reserved `invalid` top-level domain (RFC 2606): a walk-in without
    e-mail or an erased participant. Such rows are kept for the mail log but never sent."""
    domain = address.strip().rsplit("@", 1)[-1].lower().rstrip(".")
    return domain == "invalid" or domain.endswith(".invalid")


async def enqueue(
    settings: Settings,
    *,
    key: str,
    recipient: str,
    kind: str,
    template: str,
    context: dict[str, Any] | None = None,
    recipient_name: str = "",
    language: str = "nl",
    about: str = "",
    due_at: datetime | None = None,
    transactional: bool = True,
    invite: InviteData | None = None,
) -> int:
    """Put one message in the outbox (once per `key`) and return its row id.

    `key` names the thing and the step, e.g. "registration:42:confirmation"; enqueuing the same
    key again returns the first row. `transactional=False` marks mail a recipient may unsubscribe
    from (it gets List-Unsubscribe headers). Call inside the caller's transaction.
    """
    mailbox(recipient)  # refuses anything that is not one plain address
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
    due = (due_at or utcnow()).astimezone(UTC)
    data = dict(context or {})
    if invite is not None:
        data["invite"] = invite.to_json()
    domain = settings.mail_from.rsplit("@", 1)[1]
    inserted = (
        await OutboxMessage.insert(
            OutboxMessage(
                idempotency_key=key,
                message_id=make_msgid(domain=domain),
                recipient=recipient.strip(),
                recipient_name=clean_header(recipient_name),
                language=language,
                kind=kind,
                about=about,
                transactional=transactional,
                template=template,
                context=json.dumps(data, ensure_ascii=False),
                due_at=due,
                status="cancelled" if undeliverable(recipient) else "queued",
                last_answer="not sent: no e-mail address" if undeliverable(recipient) else "",
            )
        )
        .on_conflict(target=OutboxMessage.idempotency_key, action="DO NOTHING")
        .returning(OutboxMessage.id)
    )
    if inserted:
        for wake in list(WAKE_CALLBACKS):  # a dispatcher in this process comes by soon after
            wake(due)
        return int(inserted[0]["id"])
    existing = (
        await OutboxMessage.select(OutboxMessage.id)
        .where(OutboxMessage.idempotency_key == key)
        .first()
    )
    assert existing is not None
    return int(existing["id"])


async def cancel_queued(about: str) -> int:
    """Cancel every message about one thing that has not been sent yet (e.g. after erasure).

    Call inside the caller's transaction. Messages already being sent are left alone: their
    lease decides. Returns how many were cancelled.
    """
    rows = (
        await OutboxMessage.update({OutboxMessage.status: "cancelled"})
        .where((OutboxMessage.about == about) & (OutboxMessage.status.is_in(["queued", "retry"])))
        .returning(OutboxMessage.id)
    )
    return len(rows)


# The template data of a message whose recipient was erased: nothing left to build it from.
ERASED_CONTEXT = '{"erased": true}'


def is_erased(row: dict[str, Any]) -> bool:
    return row["context"] == ERASED_CONTEXT


async def forget_recipient(about: str, placeholder_address: str) -> int:
    """After an erasure: cancel what was not sent yet about one thing (see `cancel_queued`) and
    remove the personal data from every message about it, sent or not: the address becomes
    `placeholder_address`, the name and the template data go. Status, times and the server's
    answer stay, so organisers still see what was delivered. Call inside the caller's
    transaction; returns how many messages were changed."""
    await cancel_queued(about)
    rows = (
        await OutboxMessage.update(
            {
                OutboxMessage.recipient: placeholder_address,
                OutboxMessage.recipient_name: "",
                OutboxMessage.context: ERASED_CONTEXT,
            }
        )
        .where(OutboxMessage.about == about)
        .returning(OutboxMessage.id)
    )
    return len(rows)


# --- unsubscribing -------------------------------------------------------------------------


def _signature(settings: Settings, email: str) -> str:
    digest = hmac.new(
        settings.secret_key.encode(), b"unsubscribe:" + email.encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode().rstrip("=")


def unsubscribe_token(settings: Settings, email: str) -> str:
    """A per-recipient token: the address (base64url) and an HMAC over it, so only we make them."""
    email = email.strip().lower()
    encoded = base64.urlsafe_b64encode(email.encode()).decode().rstrip("=")
    return f"{encoded}.{_signature(settings, email)}"


def email_from_token(settings: Settings, token: str) -> str | None:
    """The address a valid token stands for, or None for a forged or damaged one."""
    encoded, _sep, signature = token.partition(".")
    try:
        email = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    if not hmac.compare_digest(signature, _signature(settings, email)):
        return None
    return email


def unsubscribe_targets(settings: Settings, email: str) -> UnsubscribeTargets:
    token = unsubscribe_token(settings, email)
    url = f"{settings.base_url.rstrip('/')}/unsubscribe/{token}"
    mailto = f"mailto:{settings.organiser_email}?subject={quote('unsubscribe ' + token)}"
    return UnsubscribeTargets(url=url, mailto=mailto)


async def unsubscribe(email: str) -> None:
    """Stop non-transactional mail to `email`; doing it twice changes nothing."""
    await Unsubscribe.insert(Unsubscribe(email=email.strip().lower())).on_conflict(
        target=Unsubscribe.email, action="DO NOTHING"
    )


async def is_unsubscribed(email: str) -> bool:
    return await Unsubscribe.exists().where(Unsubscribe.email == email.strip().lower())


async def unsubscribed_among(emails: list[str]) -> set[str]:
    """The lower-cased addresses of `emails` that unsubscribed."""
    if not emails:
        return set()
    lowered = sorted({email.strip().lower() for email in emails})
    rows = await Unsubscribe.select(Unsubscribe.email).where(Unsubscribe.email.is_in(lowered))
    return {row["email"] for row in rows}


# --- rendering a row -----------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedOutbox:
    """A row rendered as the recipient will get it."""

    mail: RenderedMail
    message: bytes
    sender: Mailbox
    recipient: Mailbox
    invite: InviteData | None
    calendar: bytes | None


def without_link_nonce(context_json: str) -> str | None:
    """The context without the secrets of its personal links (see `links`), or None when it
    has none (nothing to do)."""
    keys = links.secret_keys()
    if not any(f'"{key}"' in (context_json or "") for key in keys):
        return None
    context = json.loads(context_json)
    for key in keys:
        context.pop(key, None)
    return json.dumps(context, ensure_ascii=False)


def render_row(
    settings: Settings,
    row: dict[str, Any],
    date: datetime | None = None,
    *,
    preview: bool = False,
    renderers: tuple[links.LinkRenderer, ...] | None = None,
) -> RenderedOutbox:
    """Build the MIME message of an outbox row (a dict of its columns), dated `date` (now by
    default; the dispatcher dates it again as it sends it).

    `preview` is the organiser's view: a personal link is shown as a placeholder that opens
    nothing, so nobody can become a participant by reading the outbox. `renderers` are the
    personal links' renderers (the registered ones by default).
    """
    context = json.loads(row["context"] or "{}")
    invite = InviteData.from_json(context["invite"]) if "invite" in context else None
    targets = None if row["transactional"] else unsubscribe_targets(settings, row["recipient"])
    context.update(
        invite=invite,
        recipient_name=row["recipient_name"],
        unsubscribe_url=targets.url if targets else None,
    )
    context.setdefault("message", "")
    # The outbox keeps only the nonces of personal links, and only until the message is sent;
    # their owners make the links (see `links`).
    links.finish(settings, context, preview, renderers)
    mail = render_mail(row["template"], context, row["language"])
    created: datetime = row["created_at"]
    calendar = None
    if invite is not None:
        calendar = build_invite(
            invite,
            organiser_email=settings.organiser_email,
            organiser_name=ORGANISER_NAME,
            attendee_email=row["recipient"],
            attendee_name=row["recipient_name"],
            stamp=created,
        )
    message = build_message(
        MessageParts(
            sender=settings.mail_from,
            sender_name=SENDER_NAME,
            recipient=row["recipient"],
            recipient_name=row["recipient_name"],
            reply_to=settings.organiser_email,
            subject=mail.subject,
            text=mail.text,
            html=mail.html,
            message_id=row["message_id"],
            date=date or utcnow(),
            language=row["language"],
            calendar=calendar,
            calendar_method=invite.method if invite else "",
            unsubscribe=targets,
        )
    )
    return RenderedOutbox(
        mail=mail,
        message=message,
        sender=mailbox(settings.mail_from, SENDER_NAME),
        recipient=mailbox(row["recipient"], row["recipient_name"]),
        invite=invite,
        calendar=calendar,
    )


# --- organiser views -----------------------------------------------------------------------

LIST_COLUMNS = (
    OutboxMessage.id,
    OutboxMessage.recipient,
    OutboxMessage.kind,
    OutboxMessage.about,
    OutboxMessage.language,
    OutboxMessage.due_at,
    OutboxMessage.status,
    OutboxMessage.attempts,
    OutboxMessage.last_answer,
    OutboxMessage.sent_at,
)


async def list_outbox(
    status: str | None = None, kind: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """The newest-due messages first, optionally of one status and/or kind."""
    query = OutboxMessage.select(*LIST_COLUMNS)
    if status:
        query = query.where(OutboxMessage.status == status)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return await query.order_by(OutboxMessage.due_at, ascending=False).limit(limit)


async def outbox_page(
    status: str = "", kind: str = "", search: str = "", page: int = 1
) -> dict[str, Any]:
    """One page of the outbox, newest-due first, by status, kind and a search on the recipient
    (two queries whatever the page size)."""
    conditions: list[Any] = []
    if status:
        conditions.append(OutboxMessage.status == status)
    if kind:
        conditions.append(OutboxMessage.kind == kind)
    if search:
        conditions.append(OutboxMessage.recipient.ilike(f"%{search}%"))
    select = OutboxMessage.select(*LIST_COLUMNS)
    count = OutboxMessage.count()
    if conditions:
        select = select.where(*conditions)
        count = count.where(*conditions)
    query = select.order_by(OutboxMessage.due_at, ascending=False).order_by(
        OutboxMessage.id, ascending=False
    )
    return await paginate(count, query, page)


async def outbox_counts() -> dict[str, int]:
    """How many messages there are per status (every status present, zero when none)."""
    counts = dict.fromkeys(STATUSES, 0)
    rows = await OutboxMessage.raw(
        "SELECT status, COUNT(*) AS n FROM outbox_message GROUP BY status"
    )
    for row in rows:
        counts[row["status"]] = int(row["n"])
    return counts


async def outbox_kinds() -> list[str]:
    rows = await OutboxMessage.select(OutboxMessage.kind).distinct().order_by(OutboxMessage.kind)
    return [row["kind"] for row in rows]


async def get_row(message_id: int) -> dict[str, Any] | None:
    return await OutboxMessage.select().where(OutboxMessage.id == message_id).first()


async def retry_now(message_id: int) -> bool:
    """Send a failed or expired message again as soon as possible; False if it is neither, or
    if its recipient was erased."""
    updated = (
        await OutboxMessage.update(
            {
                OutboxMessage.status: "queued",
                OutboxMessage.due_at: utcnow(),
                OutboxMessage.attempts: 0,
                OutboxMessage.lease_owner: "",
                OutboxMessage.lease_expires_at: None,
            }
        )
        .where(
            (OutboxMessage.id == message_id)
            & OutboxMessage.status.is_in(["failed", "expired"])
            & (OutboxMessage.context != ERASED_CONTEXT)
        )
        .returning(OutboxMessage.id)
    )
    return bool(updated)
