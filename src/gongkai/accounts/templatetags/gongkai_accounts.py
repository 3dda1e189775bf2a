from django import template

register = template.Library()


@register.filter
def minutes(value) -> int:
    """A timedelta as whole minutes, rounded up (for "wait N minutes")."""
    if not value:
        return 0
    seconds = int(value.total_seconds())
    return max(1, -(-seconds // 60))
