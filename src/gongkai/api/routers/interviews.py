"""Public read API of interviews (being built)."""

from ninja import Router

router = Router(tags=["interviews"])
