"""The change log behind the data version: one row per writing statement, nothing else."""

from __future__ import annotations

from piccolo.columns import BigSerial
from piccolo.table import Table


class DataChange(Table):
    """Written only by triggers; the highest id is the data version."""

    id = BigSerial(primary_key=True)
