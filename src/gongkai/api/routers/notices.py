"""Public read API of notices (being built)."""

from ninja import Router

router = Router(tags=["notices"])
