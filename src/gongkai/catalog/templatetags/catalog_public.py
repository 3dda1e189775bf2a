"""Template helpers of the public catalog pages."""

from __future__ import annotations

from django import template

from gongkai.catalog.feeds import item_description_text
from gongkai.core.templatetags.gongkai import cn_date

register = template.Library()


@register.filter(expects_localtime=True)
def cn_day(value):
    """The local calendar day of a datetime (e.g. ``revised_at``) as ``cn_date`` writes it:
    2026年5月15日 in Chinese, ISO in English. Without the conversion a time after 16:00 UTC
    would show the previous day in China."""
    return cn_date(value)


@register.filter
def item_excerpt(item) -> str:
    """The summary of an item, or the start of its text."""
    return item_description_text(item)
