"""Filters on the admin list of signatures, shared by the list, its bulk actions and the CSV export.

The same query string means the same rows everywhere: the list an editor filtered,
"select all in listing" in the bulk-action bar (which sends the listing's query
string along), and the CSV export linked from that list.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from core.admin import SubsetFilter

from ..models import PetitionPage, Signature, SignatureImport, Status

# The filter shortcut the dashboard panel and the report link to.
AWAITING_REVIEW_PARAM = "awaiting_review"


def search_signatures(queryset: QuerySet, query: str) -> QuerySet:
    """Name or email contains the query, ignoring case, in the database.

    Wagtail's search backend is not used: on SQLite it cannot search a model that
    is not indexed, and a LIKE on two columns is what editors expect here anyway.
    """
    query = query.strip()
    if not query:
        return queryset
    return queryset.filter(Q(name__icontains=query) | Q(email__icontains=query))


class SignatureFilterSet(WagtailFilterSet):
    awaiting_review = SubsetFilter(
        label=_("Flagged, awaiting review"),
        within=lambda queryset: queryset.awaiting_review(),
        outside=lambda queryset: queryset.not_awaiting_review(),
        help_text=_("Held out of the count until an editor accepts or invalidates them."),
    )
    petition = django_filters.ModelChoiceFilter(
        queryset=PetitionPage.objects.order_by("title"), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        choices=Status.choices, empty_label=_("All"), widget=forms.RadioSelect
    )
    # Every country, not only those present: listing the countries signatures name
    # would mean a DISTINCT over every signature on each page load.
    country = django_filters.ChoiceFilter(choices=list(countries), empty_label=_("All"))
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Signed between"), widget=DateRangePickerWidget
    )
    flagged = django_filters.BooleanFilter(label=_("Flagged"), widget=BooleanRadioSelect)
    imported = SubsetFilter(
        label=_("Imported"),
        within=lambda queryset: queryset.imported(),
        outside=lambda queryset: queryset.not_imported(),
        help_text=_("Collected before this site and imported from a CSV."),
    )
    imported_from = django_filters.ModelChoiceFilter(
        label=_("Import"),
        queryset=SignatureImport.objects.all(),
        empty_label=_("All"),
    )

    class Meta:
        model = Signature
        fields = [
            "awaiting_review",
            "petition",
            "status",
            "country",
            "created_at",
            "flagged",
            "imported",
            "imported_from",
        ]


def filtered_signatures(params, queryset: QuerySet | None = None) -> QuerySet:
    """The signatures a listing's query string selects: its filters and its search (`q`).

    Invalid filter values (a date that does not parse, say) select nothing rather
    than everything, so a mistyped link can never widen a bulk action or an export.
    """
    queryset = Signature.objects.all() if queryset is None else queryset
    filterset = SignatureFilterSet(params, queryset=queryset)
    if not filterset.is_valid():
        return queryset.none()
    return search_signatures(filterset.qs, params.get("q", ""))
