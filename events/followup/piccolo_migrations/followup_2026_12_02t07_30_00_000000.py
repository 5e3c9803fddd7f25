"""Messages already sent (or cancelled) forget the nonce of their manage link.

Until now the nonce stayed in `outbox_message.context` after sending, so the organiser's outbox
could rebuild a working personal link. From now on the dispatcher drops it when it records the
outcome; this migration does the same for the rows that were sent before.
"""

import json

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns import Serial, Text, Varchar
from piccolo.table import Table

ID = "2026-12-02T07:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "drop manage-link nonces of sent messages"


class OutboxMessage(Table, tablename="outbox_message"):
    id = Serial(primary_key=True)
    status = Varchar(length=20)
    context = Text()


async def drop_nonces() -> None:
    rows = await OutboxMessage.select(OutboxMessage.id, OutboxMessage.context).where(
        OutboxMessage.status.is_in(["sent", "cancelled"])
        & OutboxMessage.context.like("%manage_link_nonce%")
    )
    for row in rows:
        context = json.loads(row["context"])
        context.pop("manage_link_nonce", None)
        await OutboxMessage.update(
            {OutboxMessage.context: json.dumps(context, ensure_ascii=False)}
        ).where(OutboxMessage.id == row["id"])


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="followup", description=DESCRIPTION)
    manager.add_raw(drop_nonces)
    return manager
