"""Public read API of solicitation (being built)."""

from ninja import Router

router = Router(tags=["solicitation"])
