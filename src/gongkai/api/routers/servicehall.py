"""Public read API of servicehall (being built)."""

from ninja import Router

router = Router(tags=["servicehall"])
