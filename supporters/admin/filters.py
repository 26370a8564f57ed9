"""Filters on the admin list of organisations."""

import django_filters
from django import forms
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from core.countries import country_choices_present

from ..models import Category, Organisation, Status


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
        self.filters["country"].extra["choices"] = country_choices_present(
            Organisation.objects.all()
        )

    def filter_needs_review(self, queryset, name, value):
        if value is None:
            return queryset
        needing = Organisation.objects.needing_review().values("pk")
        return queryset.filter(pk__in=needing) if value else queryset.exclude(pk__in=needing)
