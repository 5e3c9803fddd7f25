"""The follow-up's part of copying an event: its campaign steps, with their texts and timing.

Steps whose timing counts from the event's end follow the new date by themselves; fixed local
moments (a fixed send time, a meeting) move by as many days as the event did. Each copied step
starts at SEQUENCE 0 and unfrozen. No outbox row is copied: the copy has nobody to write to
yet, and its rows are made as people register.
"""

from __future__ import annotations

from events.cloning import CopyJob, register_cloner
from events.followup.campaign_time import step_due_at
from events.followup.tables import CampaignStep

NOT_COPIED = ("id", "event", "due_at", "sequence", "frozen_at", "created_at")


async def copy_campaign(job: CopyJob) -> None:
    """Copy the campaign steps when the organiser chose to."""
    if not job.wants("campaign"):
        return
    steps = (
        await CampaignStep.select()
        .where(CampaignStep.event == job.source["id"])
        .order_by(CampaignStep.id)
    )
    mapping: dict[int, int] = {}
    for step in steps:
        values = {key: value for key, value in step.items() if key not in NOT_COPIED}
        if step["session"] is not None:
            # A step for one workshop's people comes along only with that workshop, so that it
            # can never become a step for everybody.
            values["session"] = job.new_id("session", step["session"])
            if values["session"] is None:
                continue
        values["fixed_local"] = job.shifted_local(values["fixed_local"])
        values["meeting_local"] = job.shifted_local(values["meeting_local"])
        created = await CampaignStep.insert(
            CampaignStep(
                event=job.target["id"],
                due_at=step_due_at(values, job.target),
                sequence=0,
                frozen_at=None,
                **values,
            )
        ).returning(CampaignStep.id)
        mapping[step["id"]] = created[0]["id"]
    job.ids["campaign_step"] = mapping


register_cloner("followup", 50, copy_campaign)
