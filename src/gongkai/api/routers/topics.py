"""Public read API of topics (being built)."""

from ninja import Router

router = Router(tags=["topics"])
