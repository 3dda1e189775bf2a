"""The sentence that explains a finding, written from its stored figures in the reader's
language (the page in Chinese or English, the e-mail in the site's language)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from gongkai.core.dates import format_cn_date
from gongkai.supervision.models.selfcheck import Rule
from gongkai.supervision.selfcheck import links, metadata


def _date(value: str | None) -> str:
    return format_cn_date(dt.date.fromisoformat(value)) if value else ""


def _reason(code: str) -> str:
    return {
        links.NO_PAGE: _("no such page on this site"),
        links.ITEM_MISSING: _("the item does not exist"),
        links.ITEM_WITHDRAWN: _("the item was withdrawn"),
        links.ITEM_NOT_PUBLIC: _("the item is not public"),
        links.ATTACHMENT_MISSING: _("the attachment does not exist"),
        links.CATEGORY_MISSING: _("the column does not exist or is hidden"),
        links.AGENCY_MISSING: _("the agency does not exist or is inactive"),
        links.FILE_MISSING: _("the file is missing"),
        links.STAFF_ONLY: _("a staff page the public cannot open"),
    }.get(code, code)


def _home(p: dict[str, Any], *, site: bool) -> str:
    values = {"latest": _date(p.get("latest")), "days": p.get("days"), "limit": p.get("limit")}
    if not p.get("latest"):
        if site:
            return _("Nothing has been published on the site yet.")
        return _("The agency has not published anything yet.")
    if site:
        return (
            _(
                "The newest item on the site was published on %(latest)s, %(days)s days ago; "
                "the home page must show something new every %(limit)s days."
            )
            % values
        )
    return (
        _(
            "The agency's newest item was published on %(latest)s, %(days)s days ago; its "
            "page must show something new every %(limit)s days."
        )
        % values
    )


def _stale(p: dict[str, Any]) -> str:
    values = {
        "name": p.get("name", ""),
        "latest": _date(p.get("latest")),
        "days": p.get("days"),
        "limit": p.get("limit"),
    }
    if not p.get("latest"):
        return (
            _(
                "The column “%(name)s” has no item dated today or earlier; it must be updated "
                "every %(limit)s days."
            )
            % values
        )
    return (
        _(
            "The column “%(name)s” was last updated on %(latest)s, %(days)s days ago; it must "
            "be updated every %(limit)s days."
        )
        % values
    )


def describe(rule: str, params: dict[str, Any], *, site: bool = False) -> str:
    """The explanation of a finding of ``rule`` with ``params`` (see each rule's module)."""
    p = params or {}
    if rule == Rule.HOME_STALE:
        return _home(p, site=site)
    if rule in (Rule.NEWS_STALE, Rule.COLUMN_STALE):
        return _stale(p)
    if rule == Rule.COLUMN_EMPTY:
        return _("The column “%(name)s” has had no public item since it was created.") % {
            "name": p.get("name", "")
        }
    if rule == Rule.CONSULTATION:
        return _(
            "The consultation “%(title)s” received on %(received)s has had no answer for "
            "%(days)s days (more than %(months)s months)."
        ) % {
            "title": p.get("title", ""),
            "received": _date(p.get("received")),
            "days": p.get("days"),
            "months": p.get("months"),
        }
    if rule == Rule.BROKEN_LINK:
        return _("The text links to %(url)s, which does not work: %(reason)s.") % {
            "url": p.get("url", ""),
            "reason": _reason(p.get("reason", "")),
        }
    if rule == Rule.MISSING_FILE:
        return _("The file of the attachment “%(name)s” is missing from storage.") % {
            "name": p.get("name", "")
        }
    if rule == Rule.METADATA:
        what = p.get("what")
        if what == metadata.NO_DATE:
            return _("The item is public without a publish date.")
        if what == metadata.NO_INDEX:
            return _("The item is public without an index number.")
        if what == metadata.FUTURE_DATE:
            return _(
                "The item is dated %(date)s, in the future: it stays on top of every list "
                "and makes the site look updated."
            ) % {"date": _date(p.get("published"))}
    return ""
