from django import template
from django.utils.translation import get_language

from gongkai.core.dates import format_cn_date

register = template.Library()


@register.filter
def cn_date(value):
    """2026年5月15日 in Chinese; ISO 2026-05-15 in English."""
    if not value:
        return ""
    if (get_language() or "").startswith("en"):
        return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value)
    return format_cn_date(value)
