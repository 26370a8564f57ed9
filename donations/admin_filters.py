"""Filters on the editors' lists of donations and payments."""

import django_filters
from django import forms
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from .models import Donation, DonationStatus, Frequency, Payment, PaymentStatus
from .money import CURRENCIES

CURRENCY_CHOICES = [(code, code) for code in CURRENCIES]


class DonationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        choices=DonationStatus.choices, empty_label="All", widget=forms.RadioSelect
    )
    currency = django_filters.ChoiceFilter(choices=CURRENCY_CHOICES, empty_label="All")
    frequency = django_filters.ChoiceFilter(
        choices=Frequency.choices, empty_label="All", widget=forms.RadioSelect
    )
    created_at = django_filters.DateFromToRangeFilter(label="Date", widget=DateRangePickerWidget)
    gift_aid = django_filters.BooleanFilter(
        label="Gift Aid", method="filter_gift_aid", widget=BooleanRadioSelect
    )

    class Meta:
        model = Donation
        fields = ["status", "currency", "frequency", "created_at", "gift_aid"]

    def filter_gift_aid(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(gift_aid__isnull=not value)


class PaymentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        choices=PaymentStatus.choices, empty_label="All", widget=forms.RadioSelect
    )
    refunded = django_filters.BooleanFilter(
        label="Refunds",
        method="filter_refunded",
        widget=BooleanRadioSelect,
        help_text="Payments of which some or all has been returned.",
    )
    currency = django_filters.ChoiceFilter(choices=CURRENCY_CHOICES, empty_label="All")
    donation__frequency = django_filters.ChoiceFilter(
        label="Frequency", choices=Frequency.choices, empty_label="All", widget=forms.RadioSelect
    )
    paid_at = django_filters.DateFromToRangeFilter(label="Paid", widget=DateRangePickerWidget)

    class Meta:
        model = Payment
        fields = ["status", "refunded", "currency", "donation__frequency", "paid_at"]

    def filter_refunded(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(amount_refunded_minor__gt=0)
            if value
            else queryset.filter(amount_refunded_minor=0)
        )
