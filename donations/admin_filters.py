"""Filters on the editors' lists of donations and payments."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from core.admin import SubsetFilter

from .models import Donation, DonationStatus, Frequency, Payment, PaymentStatus
from .money import CURRENCIES

CURRENCY_CHOICES = [(code, code) for code in CURRENCIES]


class DonationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        choices=DonationStatus.choices, empty_label=_("All"), widget=forms.RadioSelect
    )
    currency = django_filters.ChoiceFilter(choices=CURRENCY_CHOICES, empty_label=_("All"))
    frequency = django_filters.ChoiceFilter(
        choices=Frequency.choices, empty_label=_("All"), widget=forms.RadioSelect
    )
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    gift_aid = SubsetFilter(
        label=_("Gift Aid"),
        within=lambda queryset: queryset.filter(gift_aid__isnull=False),
        outside=lambda queryset: queryset.filter(gift_aid__isnull=True),
    )

    class Meta:
        model = Donation
        fields = ["status", "currency", "frequency", "created_at", "gift_aid"]


class PaymentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        choices=PaymentStatus.choices, empty_label=_("All"), widget=forms.RadioSelect
    )
    refunded = SubsetFilter(
        label=_("Refunds"),
        within=lambda queryset: queryset.filter(amount_refunded_minor__gt=0),
        outside=lambda queryset: queryset.filter(amount_refunded_minor=0),
        help_text=_("Payments of which some or all has been returned."),
    )
    currency = django_filters.ChoiceFilter(choices=CURRENCY_CHOICES, empty_label=_("All"))
    donation__frequency = django_filters.ChoiceFilter(
        label=_("Frequency"),
        choices=Frequency.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    paid_at = django_filters.DateFromToRangeFilter(label=_("Paid"), widget=DateRangePickerWidget)

    class Meta:
        model = Payment
        fields = ["status", "refunded", "currency", "donation__frequency", "paid_at"]
