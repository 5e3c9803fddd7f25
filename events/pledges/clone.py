"""The pledges' part of copying an event: how it handles pledges (moderation, open or not).

Pledges themselves belong to the people who made them and are never copied; neither is the
decision to publish the report, which is about that day.
"""

from __future__ import annotations

from events.cloning import CopyJob, register_cloner
from events.pledges.tables import PledgeSettings


async def copy_pledge_settings(job: CopyJob) -> None:
    """Give the copy the source's moderation mode and pledge setting (always copied)."""
    row = await PledgeSettings.select().where(PledgeSettings.event == job.source["id"]).first()
    if row is None:
        return
    await PledgeSettings.insert(
        PledgeSettings(
            event=job.target["id"],
            moderation_mode=row["moderation_mode"],
            pledges_open=row["pledges_open"],
            report_published=False,
        )
    )


register_cloner("pledges", 50, copy_pledge_settings)
