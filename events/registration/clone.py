"""Registration's part of copying an event: the organisers' own texts of the registration mails,
when "texts" is chosen. Participants and their bookings belong to that day and are never copied.
"""

from __future__ import annotations

from events.cloning import CopyJob, register_cloner
from events.registration.tables import MailText


async def copy_mail_texts(job: CopyJob) -> None:
    if not job.wants("texts"):
        return
    rows = await MailText.select(
        MailText.kind, MailText.language, MailText.subject, MailText.body
    ).where(MailText.event == job.source["id"])
    for row in rows:
        copied = MailText(event=job.target["id"], kind=row["kind"], language=row["language"])
        copied.subject, copied.body = row["subject"], row["body"]
        await MailText.insert(copied)


register_cloner("registration", 60, copy_mail_texts)
