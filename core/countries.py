"""Country choices for admin filters."""

from __future__ import annotations

from django.db.models import QuerySet
from django_countries import countries


def country_choices_present(queryset: QuerySet, field: str = "country") -> list[tuple[str, str]]:
    """(code, name) of the countries that rows of `queryset` name, by name.

    One DISTINCT query, so a filter offers no empty choices; read per request, so a
    country appears as soon as a row names it.
    """
    codes = queryset.exclude(**{field: ""}).order_by().values_list(field, flat=True).distinct()
    return sorted(
        ((code, countries.name(code) or code) for code in codes), key=lambda choice: choice[1]
    )
