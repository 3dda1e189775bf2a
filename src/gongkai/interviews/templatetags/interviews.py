from django import template
from django.utils import timezone
from django.utils.translation import get_language

from gongkai.core.dates import format_cn_date

register = template.Library()


@register.filter
def cn_datetime(value):
    """An aware datetime in the site's time zone: 2026年5月15日 09:30 (ISO in English)."""
    if not value:
        return ""
    local = timezone.localtime(value)
    if (get_language() or "").startswith("en"):
        return local.strftime("%Y-%m-%d %H:%M")
    return f"{format_cn_date(local)} {local:%H:%M}"


@register.filter
def clock(value):
    """The time of day of an aware datetime in the site's time zone: 09:30."""
    if not value:
        return ""
    return f"{timezone.localtime(value):%H:%M}"
