"""The search index: one row per public object, whatever module it comes from.

Only what a provider hands over (``gongkai.search.registry``) is stored, and providers hand over
public content only, so no personal data of applicants or letter writers can reach this table.
The full-text part lives beside it and is kept in step by the database itself: on SQLite an FTS5
table ``search_fts`` over ``tokens`` with triggers, on PostgreSQL a generated ``tsv`` column
with a GIN index (both created in migration 0002, which Django's model state does not see).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

BODY_MAX_CHARS = 20_000


class Validity(models.TextChoices):
    """有效性 of a normative document, as the catalog records it."""

    VALID = "valid", _("Valid")  # 有效
    EXPIRED = "expired", _("Expired")  # 失效
    REPEALED = "repealed", _("Repealed")  # 废止


class SearchEntry(models.Model):
    # the provider's name: "item", "agency"
    kind = models.CharField(pgettext_lazy("search entry", "kind"), max_length=20)
    object_id = models.BigIntegerField(_("object id"))
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    category_id = models.IntegerField(_("category id"), null=True, blank=True)
    year = models.SmallIntegerField(_("year"), null=True, blank=True)
    validity = models.CharField(_("validity"), max_length=20, blank=True)
    published_date = models.DateField(_("published date"), null=True, blank=True, db_index=True)
    title = models.CharField(pgettext_lazy("search entry", "title"), max_length=500)
    doc_number = models.CharField(_("document number"), max_length=100, blank=True, db_index=True)
    index_number = models.CharField(_("index number"), max_length=100, blank=True, db_index=True)
    url = models.CharField(_("URL"), max_length=500)
    body = models.TextField(_("body"), blank=True)  # plain text for snippets, capped
    tokens = models.TextField(_("tokens"), blank=True)  # segmented, lower-cased, space-joined
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        db_table = "search_entry"
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"
