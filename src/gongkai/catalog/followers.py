"""Modules that follow the items they handed to the catalog (e.g. an annual report that is
published when its item is published).

A module registers a callback for a catalog column in its ``AppConfig.ready``; the catalog's
publishing and returning services call it inside their own transaction, so the module's state
changes together with the item's. Only items of the registered columns are looked at.
"""

from __future__ import annotations

from collections.abc import Callable

_followers: dict[str, list[Callable]] = {}


def follow(category_code: str, callback: Callable) -> None:
    """``callback(item)`` after an item of ``category_code`` is published or returned."""
    if callback not in _followers.setdefault(category_code, []):
        _followers[category_code].append(callback)


def item_changed(item) -> None:
    for callback in _followers.get(item.category.code, ()):
        callback(item)
