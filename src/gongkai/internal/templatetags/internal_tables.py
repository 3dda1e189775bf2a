"""Template filters of the internal-disclosure tables."""

from django import template

from gongkai.internal.tables import format_amount

register = template.Library()


@register.filter
def yuan(value):
    """An amount as ``12,345.60``; empty for none."""
    return format_amount(value)
