"""Public read API of services (being built)."""

from ninja import Router

router = Router(tags=["services"])
