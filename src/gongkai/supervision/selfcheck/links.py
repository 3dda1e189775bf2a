"""Links and attachments that do not work (the deduction items 链接可用性 and 附件可下载).

Only our own site is checked, and without any network request: a link in a public item's text
is ours when it is relative or names one of the site's hosts (``ALLOWED_HOSTS``,
``GONGKAI_SELFCHECK_SITE_HOSTS`` and the host of ``GONGKAI_SITE_URL``). It resolves when
Django's URL resolver knows the path (after the slash ``APPEND_SLASH`` would add) and the object
behind it exists and is public: an item published and 主动公开 (a withdrawn item answers 410,
an internal or unfinished one 404), a shown category of an active agency, an attachment whose
file is in storage, a media or static file that exists. Staff pages count as broken too: a
citizen cannot open them. Links to other hosts are left alone.

The targets of all links are collected first and looked up in a few batched queries, so the
cost is one pass over the texts that contain a link plus a query per kind of target.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.db.models import Q
from django.urls import Resolver404, resolve

from gongkai.agencies.models import Agency
from gongkai.catalog.models import Attachment, Category, Item
from gongkai.catalog.selectors import public_items
from gongkai.supervision.models.selfcheck import Rule, Severity
from gongkai.supervision.selfcheck.base import (
    CheckScope,
    Found,
    chunks,
    item_fix_url,
    item_page_url,
)

# Why a link does not resolve (the message says it in words).
NO_PAGE = "no_page"
ITEM_MISSING = "item_missing"
ITEM_WITHDRAWN = "item_withdrawn"
ITEM_NOT_PUBLIC = "item_not_public"
ATTACHMENT_MISSING = "attachment_missing"
CATEGORY_MISSING = "category_missing"
AGENCY_MISSING = "agency_missing"
FILE_MISSING = "file_missing"
STAFF_ONLY = "staff_only"

STAFF_NAMESPACES = frozenset(
    {
        "admin",
        "audit",
        "catalog_staff",
        "applications_staff",
        "reports_staff",
        "supervision",
        "workdays",
    }
)
ITEM_VIEWS = frozenset({"catalog:item", "catalog:item_print", "catalog:item_qr"})
CATEGORY_VIEWS = frozenset({"catalog:category", "catalog:category_rss", "catalog:category_atom"})
AGENCY_VIEWS = frozenset(
    {
        "catalog:agency",
        "catalog:agency_items",
        "catalog:guide",
        "catalog:agency_rss",
        "catalog:agency_atom",
        "agencies:detail",
    }
)
SKIPPED_SCHEMES = frozenset({"mailto", "tel", "javascript", "data", "sms"})
BATCH = 500


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "img": "src"}.get(tag)
        if wanted is None:
            return
        for name, value in attrs:
            if name == wanted and value and value.strip():
                self.links.append(value.strip())


def links_in(html: str) -> list[str]:
    """The ``href`` of every link and ``src`` of every image, in order, each once."""
    parser = _LinkParser()
    parser.feed(html or "")
    parser.close()
    return list(dict.fromkeys(parser.links))


def own_hosts() -> tuple[set[str], tuple[str, ...]]:
    """(exact host names, ".suffix" patterns) that are this site."""
    names = [*settings.ALLOWED_HOSTS, *settings.GONGKAI_SELFCHECK_SITE_HOSTS]
    base = urlsplit(settings.GONGKAI_SITE_URL or "").hostname
    if base:
        names.append(base)
    exact = {n.lower().strip("[]") for n in names if n and n != "*" and not n.startswith(".")}
    suffixes = tuple(n.lower() for n in names if n.startswith("."))
    return exact, suffixes


@dataclass(frozen=True)
class Target:
    """What a link points to on this site: ``kind`` and the values that identify it."""

    kind: str  # "ok", "broken", "item", "attachment", "category", "agency", "media", "static"
    values: tuple = ()


def target_of(href: str, *, base: str, hosts: tuple[set[str], tuple[str, ...]]) -> Target | None:
    """The target of ``href`` written on the page ``base``; None for another site's link,
    an e-mail address or a fragment of the same page."""
    if href.startswith("#"):
        return None
    parts = urlsplit(href)
    scheme = parts.scheme.lower()
    if scheme in SKIPPED_SCHEMES:
        return None
    if scheme and scheme not in ("http", "https"):
        return None
    if parts.netloc or href.startswith("//"):
        exact, suffixes = hosts
        host = (parts.hostname or "").lower()
        if host not in exact and not any(host.endswith(s) or host == s[1:] for s in suffixes):
            return None
    path = unquote(urlsplit(urljoin(base, href)).path) or "/"
    media, static = settings.MEDIA_URL, settings.STATIC_URL
    if media and media.startswith("/") and path.startswith(media):
        return Target("media", (path[len(media) :],))
    if static and static.startswith("/") and path.startswith(static):
        return Target("static", (path[len(static) :],))
    match = None
    for candidate in (path, path + "/") if not path.endswith("/") else (path,):
        try:
            match = resolve(candidate)
            break
        except Resolver404:
            continue
    if match is None:
        return Target("broken", (NO_PAGE,))
    name, kwargs = match.view_name, match.kwargs
    if match.namespace and match.namespace.split(":")[0] in STAFF_NAMESPACES:
        return Target("broken", (STAFF_ONLY,))
    if name in ITEM_VIEWS:
        return Target("item", (kwargs["pk"],))
    if name == "catalog:attachment":
        return Target("attachment", (kwargs["pk"], kwargs["attachment_pk"]))
    if name in CATEGORY_VIEWS:
        return Target("category", (kwargs["credit_code"], kwargs["pk"]))
    if name in AGENCY_VIEWS:
        return Target("agency", (kwargs["credit_code"],))
    return Target("ok")


class _Lookup:
    """Batched answers to "does this target exist and is it public?"."""

    def __init__(self, targets: set[Target]):
        by_kind: dict[str, set[tuple]] = defaultdict(set)
        for t in targets:
            by_kind[t.kind].add(t.values)
        item_ids = {v[0] for v in by_kind["item"]} | {v[0] for v in by_kind["attachment"]}
        self.items: dict[int, str] = {}  # pk → reason it is broken, "" when public
        for batch in chunks(sorted(item_ids), BATCH):
            rows = Item.objects.filter(pk__in=batch)
            for pk, status, attribute in rows.values_list("pk", "status", "disclosure_attribute"):
                self.items[pk] = _item_reason(status, attribute)
        self.attachments: dict[tuple[int, int], str] = {}
        pairs = by_kind["attachment"]
        for batch in chunks(sorted({v[1] for v in pairs}), BATCH):
            for pk, item_id, name in Attachment.objects.filter(pk__in=batch).values_list(
                "pk", "item_id", "file"
            ):
                self.attachments[(item_id, pk)] = name or ""
        credit_codes = {v[0] for v in by_kind["agency"]} | {v[0] for v in by_kind["category"]}
        self.agencies = dict(
            Agency.objects.filter(credit_code__in=credit_codes, is_active=True).values_list(
                "credit_code", "pk"
            )
        )
        self.shown_categories: set[tuple[int, int]] = set()
        agency_ids = {self.agencies[c] for c, _pk in by_kind["category"] if c in self.agencies}
        if agency_ids:
            self.shown_categories = _shown_categories(agency_ids)
        self.files: dict[tuple[str, str], bool] = {}

    def reason(self, target: Target) -> str:
        """Why ``target`` does not resolve; "" when it does."""
        kind, values = target.kind, target.values
        if kind == "ok":
            return ""
        if kind == "broken":
            return values[0]
        if kind == "item":
            return self.items.get(values[0], ITEM_MISSING)
        if kind == "attachment":
            item_pk, attachment_pk = values
            reason = self.items.get(item_pk, ITEM_MISSING)
            if reason:
                return reason
            name = self.attachments.get((item_pk, attachment_pk))
            if name is None:
                return ATTACHMENT_MISSING
            return "" if name and self.file_exists("media", name) else FILE_MISSING
        if kind == "category":
            agency_pk = self.agencies.get(values[0])
            if agency_pk is None or (agency_pk, values[1]) not in self.shown_categories:
                return CATEGORY_MISSING
            return ""
        if kind == "agency":
            return "" if values[0] in self.agencies else AGENCY_MISSING
        if kind in ("media", "static"):
            return "" if self.file_exists(kind, values[0]) else FILE_MISSING
        return ""

    def file_exists(self, kind: str, name: str) -> bool:
        key = (kind, name)
        if key not in self.files:
            self.files[key] = _file_exists(kind, name)
        return self.files[key]


def _item_reason(status: str, attribute: str) -> str:
    if status == "withdrawn":
        return ITEM_WITHDRAWN
    if status == "published" and attribute == "public":
        return ""
    return ITEM_NOT_PUBLIC


def _file_exists(kind: str, name: str) -> bool:
    if not name or ".." in name.split("/"):
        return False
    if kind == "media":
        try:
            return default_storage.exists(name)
        except Exception:  # noqa: BLE001 - an unreadable path is a file the public cannot get
            return False
    from django.contrib.staticfiles.storage import staticfiles_storage

    try:
        return bool(finders.find(name)) or staticfiles_storage.exists(name)
    except Exception:  # noqa: BLE001
        return False


def _shown_categories(agency_ids: set[int]) -> set[tuple[int, int]]:
    """(agency id, category id) of the categories the public can open: shown, and every
    category above shown too (as the catalog pages decide)."""
    rows = list(
        Category.objects.filter(agency_id__in=agency_ids).values_list(
            "pk", "agency_id", "parent_id", "is_active"
        )
    )
    info = {pk: (agency_id, parent_id, active) for pk, agency_id, parent_id, active in rows}
    shown: set[tuple[int, int]] = set()
    for pk, (agency_id, _parent, _active) in info.items():
        node, ok, seen = pk, True, set()
        while node is not None and node in info and node not in seen:
            seen.add(node)
            _a, parent, active = info[node]
            if not active:
                ok = False
                break
            node = parent
        if ok:
            shown.add((agency_id, pk))
    return shown


def _link_key(pk: int, href: str) -> str:
    return f"item:{pk}:link:{hashlib.sha256(href.encode()).hexdigest()[:24]}"


def broken_links(scope: CheckScope) -> Iterator[Found]:
    """Every link in a public item's text to this site that does not resolve (扣分)."""
    hosts = own_hosts()
    per_item: list[tuple[int, int, str, str, Target]] = []
    rows = (
        public_items()
        .filter(agency_id__in=scope.agency_ids)
        .filter(Q(body_html__contains="href=") | Q(body_html__contains="src="))
        .values_list("pk", "agency_id", "title", "body_html")
        .order_by("pk")
    )
    for pk, agency_id, title, body in rows.iterator(chunk_size=1000):
        base = f"/items/{pk}/"
        for href in links_in(body):
            target = target_of(href, base=base, hosts=hosts)
            if target is not None:
                per_item.append((pk, agency_id, title, href, target))
    lookup = _Lookup({t for *_rest, t in per_item})
    for pk, agency_id, title, href, target in per_item:
        reason = lookup.reason(target)
        if not reason:
            continue
        yield Found(
            agency_id=agency_id,
            rule=Rule.BROKEN_LINK,
            key=_link_key(pk, href),
            severity=Severity.DEDUCTION,
            object_type="catalog.item",
            object_id=str(pk),
            label=title,
            params={"url": href[:300], "reason": reason},
            fix_url=item_fix_url(pk),
        )


def missing_attachment_files(scope: CheckScope) -> Iterator[Found]:
    """Every attachment of a public item whose file is not in storage (扣分)."""
    rows = (
        Attachment.objects.filter(
            item__in=public_items().filter(agency_id__in=scope.agency_ids).values("pk")
        )
        .values_list("pk", "item_id", "item__agency_id", "item__title", "name", "file")
        .order_by("item_id", "pk")
    )
    for pk, item_id, agency_id, title, name, file in rows.iterator(chunk_size=1000):
        if file and _file_exists("media", file):
            continue
        yield Found(
            agency_id=agency_id,
            rule=Rule.MISSING_FILE,
            key=f"attachment:{pk}",
            severity=Severity.DEDUCTION,
            object_type="catalog.attachment",
            object_id=str(pk),
            label=title,
            params={"name": name},
            fix_url=item_page_url(item_id),
        )
