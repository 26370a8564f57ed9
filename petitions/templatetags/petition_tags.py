from django import template

register = template.Library()


@register.filter
def thousands(value) -> str:
    """12345 → “12,345”."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return ""


@register.filter
def percent_of(tally, goal) -> int:
    return tally.percent_of(int(goal or 0))
