"""events: run a PraktijkVoorbeeldenParade and follow up on what people promised there."""

import os

# Piccolo finds its engine and apps through this module; set before any table is used.
os.environ.setdefault("PICCOLO_CONF", "events.piccolo_conf")
