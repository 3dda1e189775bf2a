from __future__ import annotations

from gongkai.audit.context import client_ip


def request_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, which a reverse proxy must set to the real client."""
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_ip.set(request_ip(request))
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)
