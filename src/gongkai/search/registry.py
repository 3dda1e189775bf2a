"""Providers: the one way content reaches the search index.

A provider is registered by the app that owns the content, in its ``AppConfig.ready``::

    from gongkai.search import registry
    registry.register("item", ItemProvider())

and has three methods:

- ``public_objects()``: everything that should be in the index (a queryset or any iterable);
- ``entry_for(obj)``: a dict with the keyword arguments of ``services.index_entry`` except
  ``kind`` and ``object_id`` (``agency_id``, ``category_id``, ``year``, ``validity``,
  ``published_date``, ``title``, ``doc_number``, ``index_number``, ``url``, ``body``), or
  ``None`` when the object must not be in the index (not published, withdrawn, not public);
- ``get(object_id)``: the object, or ``None`` when it no longer exists.

and optionally a ``label`` (a lazily translated name shown on result tags and in the kind filter).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from django.utils.translation import gettext_lazy as _


class Provider(Protocol):
    label: Any

    def public_objects(self) -> Iterable[Any]: ...

    def entry_for(self, obj: Any) -> dict | None: ...

    def get(self, object_id: int) -> Any | None: ...


_providers: dict[str, Provider] = {}
# Labels for providers that do not carry their own.
_KIND_LABELS = {"item": _("Information"), "agency": _("Agency")}


def register(kind: str, provider: Provider) -> None:
    if not kind or len(kind) > 20:
        raise ValueError(f"A search kind is a short name, not {kind!r}.")
    _providers[kind] = provider


def unregister(kind: str) -> None:
    _providers.pop(kind, None)


def get_provider(kind: str) -> Provider:
    try:
        return _providers[kind]
    except KeyError:
        raise LookupError(f"No search provider is registered for {kind!r}.") from None


def kinds() -> list[str]:
    return sorted(_providers)


def label_for(kind: str) -> Any:
    return getattr(_providers.get(kind), "label", None) or _KIND_LABELS.get(kind, kind)
