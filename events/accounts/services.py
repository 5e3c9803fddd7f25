"""The rules of organiser accounts: the team of an event, invitations and password resets.

Invitation links work 7 days, reset links 1 hour; each works once (the token row is marked used
in the same UPDATE that checks it). Only token hashes are stored. A reset ends every session of
the user. Plain values in, plain values out.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from piccolo.apps.user.tables import BaseUser
from piccolo_api.session_auth.tables import SessionsBase

from events.accounts import tokens
from events.accounts.permissions import Role
from events.accounts.tables import AccountToken, EventRole
from events.db import write_transaction
from events.mail.addresses import InvalidAddress, parse_mailbox
from events.outbox.services import enqueue
from events.programme.tables import Event
from events.settings import Settings
from events.web.i18n import gettext as _

INVITE_LIFETIME = timedelta(days=7)
RESET_LIFETIME = timedelta(hours=1)
MIN_PASSWORD = 12


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Outcome:
    ok: bool
    errors: dict[str, str] = field(default_factory=dict)
    user_id: int | None = None


async def team(event_id: int) -> list[dict[str, Any]]:
    """The colleagues of an event with their roles, by name."""
    rows = await EventRole.select(
        EventRole.user.id.as_alias("user_id"),
        EventRole.user.username.as_alias("username"),
        EventRole.user.email.as_alias("email"),
        EventRole.user.active.as_alias("active"),
        EventRole.role,
    ).where(EventRole.event == event_id)
    return sorted(rows, key=lambda row: (row["username"] or row["email"]).lower())


async def _coordinators(event_id: int) -> int:
    return await EventRole.count().where(
        (EventRole.event == event_id) & (EventRole.role == Role.COORDINATOR)
    )


async def grant(event_id: int, user_id: int, role: str) -> None:
    """Give the user `role` in the event (replacing an earlier role)."""
    Role(role)
    async with write_transaction():
        updated = (
            await EventRole.update({EventRole.role: role})
            .where((EventRole.event == event_id) & (EventRole.user == user_id))
            .returning(EventRole.id)
        )
        if not updated:
            await EventRole.insert(EventRole(event=event_id, user=user_id, role=role))


async def change_role(event_id: int, user_id: int, role: str) -> str | None:
    """Change a colleague's role; the message why not, or None. The last coordinator stays."""
    if role not in tuple(Role):
        return _("Choose one of the roles.")
    current = (
        await EventRole.select(EventRole.role)
        .where((EventRole.event == event_id) & (EventRole.user == user_id))
        .first()
    )
    if current is None:
        return _("This colleague is not in the team.")
    demoted = current["role"] == Role.COORDINATOR and role != Role.COORDINATOR
    if demoted and await _coordinators(event_id) <= 1:
        return _("The event needs at least one coordinator.")
    await grant(event_id, user_id, role)
    return None


async def remove(event_id: int, user_id: int) -> str | None:
    """Take a colleague off the event's team; the message why not, or None."""
    current = (
        await EventRole.select(EventRole.role)
        .where((EventRole.event == event_id) & (EventRole.user == user_id))
        .first()
    )
    if current is None:
        return None
    if current["role"] == Role.COORDINATOR and await _coordinators(event_id) <= 1:
        return _("The event needs at least one coordinator.")
    async with write_transaction():
        await EventRole.delete().where((EventRole.event == event_id) & (EventRole.user == user_id))
        pending = await BaseUser.exists().where(
            (BaseUser.id == user_id) & (BaseUser.active == False)  # noqa: E712
        )
        if pending and not await EventRole.exists().where(EventRole.user == user_id):
            # Invited, never accepted, and now in no team: the invitation stops working.
            await AccountToken.update({AccountToken.used_at: utcnow()}).where(
                (AccountToken.user == user_id)
                & (AccountToken.purpose == "invite")
                & AccountToken.used_at.is_null()
            )
    return None


async def _new_token(settings: Settings, user_id: int, purpose: str, lifetime: timedelta) -> str:
    nonce, token_hash = tokens.new_account_link(settings.secret_key, purpose)
    await AccountToken.insert(
        AccountToken(
            token_hash=token_hash,
            purpose=purpose,
            user=user_id,
            expires_at=utcnow() + lifetime,
        )
    )
    return nonce


async def invite(
    settings: Settings, event_id: int, raw_email: str, role: str, invited_by: str
) -> Outcome:
    """Invite a colleague by e-mail into the event with `role`.

    Someone without an account gets one (inactive until they accept) and a 7-day link; someone
    who has one gets the role and a mail that says so (their password stays theirs).
    """
    errors: dict[str, str] = {}
    try:
        email = parse_mailbox(raw_email).key
    except InvalidAddress as error:
        errors["email"] = error.message
        email = ""
    if role not in tuple(Role):
        errors["role"] = _("Choose one of the roles.")
    if errors:
        return Outcome(ok=False, errors=errors)
    event = await Event.select(Event.name).where(Event.id == event_id).first()
    async with write_transaction():
        existing = (
            await BaseUser.select(BaseUser.id, BaseUser.active)
            .where(BaseUser.email.ilike(email))
            .first()
        )
        context: dict[str, Any] = {
            "event_name": event["name"],
            "role": role,
            "invited_by": invited_by,
        }
        if existing and existing["active"]:
            user_id = existing["id"]
            context["kind"] = "added"
            context["login_url"] = f"{settings.base_url.rstrip('/')}/login"
        else:
            if existing:
                user_id = existing["id"]
            else:
                user = await BaseUser.create_user(
                    username=f"invited-{secrets.token_hex(8)}",
                    password=secrets.token_urlsafe(32),
                    email=email,
                    admin=True,
                    superuser=False,
                    active=False,
                )
                user_id = user.id
            nonce = await _new_token(settings, user_id, "invite", INVITE_LIFETIME)
            context.update(
                {
                    "kind": "invite",
                    "valid_days": INVITE_LIFETIME.days,
                    tokens.NONCE_KEY: nonce,
                    tokens.PURPOSE_KEY: "invite",
                }
            )
        await grant(event_id, user_id, role)
        await enqueue(
            settings,
            key=f"account:{user_id}:{context['kind']}:{event_id}:{secrets.token_hex(8)}",
            recipient=email,
            kind=f"account-{context['kind']}",
            template="account",
            context=context,
            about=f"user:{user_id}",
        )
    return Outcome(ok=True, user_id=user_id)


async def valid_token(token: str, purpose: str) -> int | None:
    """The user of an unused, unexpired token of `purpose` (without using it), or None."""
    row = (
        await AccountToken.select(AccountToken.user)
        .where(
            (AccountToken.token_hash == tokens.hash_token(token))
            & (AccountToken.purpose == purpose)
            & AccountToken.used_at.is_null()
            & (AccountToken.expires_at > utcnow())
        )
        .first()
    )
    return row["user"] if row else None


async def _use_token(token: str, purpose: str) -> int | None:
    """Mark the token used if it still works; the user id, or None (one use only)."""
    rows = (
        await AccountToken.update({AccountToken.used_at: utcnow()})
        .where(
            (AccountToken.token_hash == tokens.hash_token(token))
            & (AccountToken.purpose == purpose)
            & AccountToken.used_at.is_null()
            & (AccountToken.expires_at > utcnow())
        )
        .returning(AccountToken.user)
    )
    return rows[0]["user"] if rows else None


def password_errors(password: str, repeated: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(password) < MIN_PASSWORD:
        errors["password"] = _(
            "Choose a password of at least %(count)s characters.", count=MIN_PASSWORD
        )
    elif password != repeated:
        errors["password_again"] = _("The two passwords are not the same.")
    return errors


async def accept_invite(token: str, username: str, password: str, repeated: str) -> Outcome:
    """Set the new colleague's name and password and activate the account (uses the token)."""
    username = username.strip()
    errors = password_errors(password, repeated)
    if not 2 <= len(username) <= 100:
        errors["username"] = _("Fill in a name of 2 to 100 characters.")
    elif await BaseUser.exists().where(BaseUser.username.ilike(username)):
        errors["username"] = _("This name is taken; choose another one.")
    if errors:
        return Outcome(ok=False, errors=errors)
    async with write_transaction():
        user_id = await _use_token(token, "invite")
        if user_id is None:
            return Outcome(ok=False, errors={"token": _("This link no longer works.")})
        await BaseUser.update({BaseUser.username: username, BaseUser.active: True}).where(
            BaseUser.id == user_id
        )
    await BaseUser.update_password(user=user_id, password=password)
    return Outcome(ok=True, user_id=user_id)


async def request_reset(settings: Settings, raw_email: str) -> None:
    """Mail a 1-hour reset link to the active organiser with this address, if there is one.
    The caller answers the same either way."""
    try:
        email = parse_mailbox(raw_email).key
    except InvalidAddress:
        return
    async with write_transaction():
        user = (
            await BaseUser.select(BaseUser.id, BaseUser.username, BaseUser.email)
            .where(
                BaseUser.email.ilike(email) & (BaseUser.active == True) & (BaseUser.admin == True)  # noqa: E712
            )
            .first()
        )
        if user is None:
            return
        nonce = await _new_token(settings, user["id"], "reset", RESET_LIFETIME)
        await enqueue(
            settings,
            key=f"account:{user['id']}:reset:{secrets.token_hex(8)}",
            recipient=user["email"],
            recipient_name=user["username"],
            kind="account-reset",
            template="account",
            context={
                "kind": "reset",
                "valid_minutes": int(RESET_LIFETIME.total_seconds() // 60),
                tokens.NONCE_KEY: nonce,
                tokens.PURPOSE_KEY: "reset",
            },
            about=f"user:{user['id']}",
        )


async def reset_password(token: str, password: str, repeated: str) -> Outcome:
    """Set a new password with a reset link (uses it) and end every session of the user."""
    errors = password_errors(password, repeated)
    if errors:
        return Outcome(ok=False, errors=errors)
    async with write_transaction():
        user_id = await _use_token(token, "reset")
        if user_id is None:
            return Outcome(ok=False, errors={"token": _("This link no longer works.")})
        await SessionsBase.delete().where(SessionsBase.user_id == user_id)
    await BaseUser.update_password(user=user_id, password=password)
    return Outcome(ok=True, user_id=user_id)
