"""Per-request context (client IP) that services read when they write an audit event."""

from __future__ import annotations

import contextvars

client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "gongkai_client_ip", default=None
)
