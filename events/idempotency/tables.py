"""The used submission keys: one row per form submission that made something."""

from piccolo.columns import Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Unique
from piccolo.table import Table


class SubmissionKey(Table):
    """A form's submission key (made when the form was rendered), where it was used (`scope`,
    e.g. "pledge:12" for participant 12's pledge form), a digest of what was sent
    (`fingerprint`) and what the submission made (`made_kind` and `made_id`, e.g. "pledge" 40).
    Unique per scope, key and fingerprint, so the same submission sent again cannot make a
    second thing, whatever the timing."""

    id = Serial(primary_key=True)
    scope = Varchar(length=100)
    submission_key = Varchar(length=64)
    fingerprint = Varchar(length=64)
    made_kind = Varchar(length=40, default="")
    made_id = Integer(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())

    submission_key_unique = Unique(["scope", "submission_key", "fingerprint"])
