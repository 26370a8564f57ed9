"""Filters on the admin list of organisations."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet

from core.admin import SubsetFilter
from core.countries import country_choices_present

from ..models import Category, Organisation, Status

NEEDS_REVIEW_HELP = _(
    "New registrations awaiting a decision, and approved listings with changes to check."
)


class OrganisationFilterSet(WagtailFilterSet):
    needs_review = SubsetFilter.of(
        Organisation.objects.needing_review, label=_("Needs review"), help_text=NEEDS_REVIEW_HELP
    )
    status = django_filters.ChoiceFilter(
        choices=Status.choices, empty_label=pgettext_lazy("filter", "All"), widget=forms.RadioSelect
    )
    country = django_filters.ChoiceFilter(choices=(), empty_label=pgettext_lazy("filter", "All"))
    category = django_filters.ChoiceFilter(
        choices=Category.choices, empty_label=pgettext_lazy("filter", "All")
    )

    class Meta:
        model = Organisation
        fields = ["needs_review", "status", "country", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read per request, so a country appears as soon as a listing names it.
        self.filters["country"].extra["choices"] = country_choices_present(
            Organisation.objects.all()
        )
