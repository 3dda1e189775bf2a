"""The browsable API documentation (Swagger UI), served entirely from our own static files:
the site runs under ``Content-Security-Policy: default-src 'self'`` with no inline scripts and
has no Internet access to a CDN. django-ninja ships the Swagger UI bundle and an init script
that reads its settings from a JSON data block, so nothing inline is executed."""

from __future__ import annotations

from ninja.openapi.docs import Swagger

SWAGGER_SETTINGS = {
    # Swagger UI would otherwise load a badge from validator.swagger.io.
    "validatorUrl": None,
    "defaultModelsExpandDepth": 0,
    "docExpansion": "list",
    "tryItOutEnabled": True,
}


class SameOriginSwagger(Swagger):
    template = "api/docs.html"

    def __init__(self):
        super().__init__(settings=SWAGGER_SETTINGS)
