"""Public read API of interaction (being built)."""

from ninja import Router

router = Router(tags=["interaction"])
