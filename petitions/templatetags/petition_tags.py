from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def thousands(value) -> str:
    """12345 → “12,345” in English, “12.345” in Spanish and German: as the page's language writes it."""
    try:
        return number_format(int(value), force_grouping=True)
    except (TypeError, ValueError):
        return ""


@register.filter
def percent_of(tally, goal) -> int:
    return tally.percent_of(int(goal or 0))
