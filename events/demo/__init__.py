"""The demo parade: a fourth PraktijkVoorbeeldenParade built from the domain's source texts."""
