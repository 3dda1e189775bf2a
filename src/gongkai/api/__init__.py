"""The public read API (open data) at ``/api/v1/``, documented with OpenAPI.

``gongkai.api.api`` holds the one ``NinjaAPI`` instance; each area has its router in
``gongkai.api.routers`` (the staff API will join the same instance under ``/api/v1/staff/``).
Nothing here writes: the API is a thin adapter over selectors, and only published
主动公开 content can reach it.
"""
