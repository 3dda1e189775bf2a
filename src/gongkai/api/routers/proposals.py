"""Public read API of proposals (being built)."""

from ninja import Router

router = Router(tags=["proposals"])
