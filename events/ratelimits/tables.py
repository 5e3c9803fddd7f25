"""The rate-limit counters: hits of one key (a bucket and a client or address) in one window."""

from piccolo.columns import BigInt, Integer, Serial, Varchar
from piccolo.constraints import Unique
from piccolo.table import Table


class RateHit(Table):
    """How often `key` was hit in the window that started at `window_start` (Unix seconds)."""

    id = Serial(primary_key=True)
    key = Varchar(length=300)
    window_start = BigInt(index=True)
    hits = Integer(default=0)

    rate_hit_once_per_window = Unique([key, window_start])
