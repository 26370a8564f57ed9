"""Filters on the admin list of organisations."""

import django_filters
from django import forms
from django_countries import countries
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from .models import Category, Organisation, Status


def countries_present() -> list[tuple[str, str]]:
    """The countries that at least one listing names, by name: the filter offers no empty choices."""
    codes = (
        Organisation.objects.exclude(country="")
        .order_by()
        .values_list("country", flat=True)
        .distinct()
    )
    return sorted(
        ((code, countries.name(code) or code) for code in codes), key=lambda choice: choice[1]
    )


class OrganisationFilterSet(WagtailFilterSet):
    needs_review = django_filters.BooleanFilter(
        label="Needs review",
        method="filter_needs_review",
        widget=BooleanRadioSelect,
        help_text="New registrations awaiting a decision, and approved listings with changes to check.",
    )
    status = django_filters.ChoiceFilter(
        choices=Status.choices, empty_label="All", widget=forms.RadioSelect
    )
    country = django_filters.ChoiceFilter(choices=(), empty_label="All")
    category = django_filters.ChoiceFilter(choices=Category.choices, empty_label="All")

    class Meta:
        model = Organisation
        fields = ["needs_review", "status", "country", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read per request, so a country appears as soon as a listing names it.
        self.filters["country"].extra["choices"] = countries_present()

    def filter_needs_review(self, queryset, name, value):
        if value is None:
            return queryset
        needing = Organisation.objects.needing_review().values("pk")
        return queryset.filter(pk__in=needing) if value else queryset.exclude(pk__in=needing)
