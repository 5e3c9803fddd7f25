"""Piccolo tables of the organiser side: the audit log of organiser actions."""

from piccolo.columns import Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class AuditEntry(Table):
    """One organiser action that changed something: who, what, when. Never a form's content,
    so no passwords or tokens end up here."""

    id = Serial(primary_key=True)
    at = Timestamptz(default=TimestamptzNow(), index=True)
    user_id = Integer(null=True, default=None)
    username = Varchar(length=100, default="")
    method = Varchar(length=10)
    path = Varchar(length=500)
    status_code = Integer()
