"""Filters of the service pages: figures in days and percentages from exact fractions."""

from django import template

from gongkai.services import limits

register = template.Library()


@register.filter
def days(value):
    """A number of days: whole as it is, otherwise to one decimal place."""
    return limits.days(value)


@register.filter
def percent(value):
    return limits.percent(value)


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (None when missing)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
