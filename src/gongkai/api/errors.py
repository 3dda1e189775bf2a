"""Every error of the API is JSON ``{"detail": "..."}`` in the request's language (Chinese by
default). "Not public" and "does not exist" read the same, so nobody can probe for drafts or
internal items by id."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError


class NotFound(HttpError):
    def __init__(self, message: str) -> None:
        super().__init__(404, message)


def bad_cursor() -> HttpError:
    return HttpError(400, _("Invalid pagination cursor"))


def _location(loc) -> str:
    # ("query", "limit") → "limit": the client knows where its parameters went.
    parts = [str(p) for p in loc if p not in ("query", "path", "body")]
    return ".".join(parts)


def install(api: NinjaAPI) -> None:
    def not_found(request, exc):
        return api.create_response(request, {"detail": _("Not found")}, status=404)

    def validation_error(request, exc: ValidationError):
        fields = sorted({_location(e.get("loc", ())) for e in exc.errors} - {""})
        detail = _("Invalid parameters: %(fields)s") % {"fields": ", ".join(fields)}
        if not fields:
            detail = _("Invalid request")
        return api.create_response(
            request,
            {
                "detail": detail,
                "errors": [
                    {
                        "loc": list(e.get("loc", ())),
                        "msg": e.get("msg", ""),
                        "type": e.get("type", ""),
                    }
                    for e in exc.errors
                ],
            },
            status=422,
        )

    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ValidationError, validation_error)
