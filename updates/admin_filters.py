"""Filters on the admin lists of subscribers and of Mailchimp deletions."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from core.admin import SubsetFilter
from core.countries import country_choices_present

from .models import Interest, MailchimpDeletion, MailchimpStatus, Subscriber, SyncState


def sources_present() -> list[tuple[str, str]]:
    sources = Subscriber.objects.order_by().values_list("source", flat=True).distinct()
    return sorted((source, source) for source in sources)


UNSYNCED_HELP = "Sign-ups with a change Mailchimp has not accepted yet, whatever the reason."


class SubscriberFilterSet(WagtailFilterSet):
    unsynced = SubsetFilter.of(
        Subscriber.objects.unsynced, label=_("Not yet in Mailchimp"), help_text=UNSYNCED_HELP
    )
    sync_state = django_filters.ChoiceFilter(
        label=_("Sync"), choices=SyncState.choices, empty_label=_("All"), widget=forms.RadioSelect
    )
    mailchimp_status = django_filters.ChoiceFilter(
        label=_("Mailchimp status"), choices=MailchimpStatus.choices, empty_label=_("All")
    )
    interests = django_filters.ModelChoiceFilter(
        label=_("Interest"), queryset=Interest.objects.originals(), empty_label=_("All")
    )
    country = django_filters.ChoiceFilter(choices=(), empty_label=_("All"))
    source = django_filters.ChoiceFilter(choices=(), empty_label=_("All"))

    class Meta:
        model = Subscriber
        fields = ["unsynced", "sync_state", "mailchimp_status", "interests", "country", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["country"].extra["choices"] = country_choices_present(Subscriber.objects.all())
        self.filters["source"].extra["choices"] = sources_present()


class MailchimpDeletionFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[
            ("waiting", "Not confirmed by Mailchimp yet"),
            ("failing", "Failing (Mailchimp's message shown; tried again later)"),
            ("done", "Deleted from Mailchimp"),
        ],
        empty_label=_("All"),
        method="filter_state",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = MailchimpDeletion
        fields = ["state"]

    def filter_state(self, queryset, name, value):
        if value == "waiting":
            return queryset.waiting()
        if value == "failing":
            return queryset.failing()
        if value == "done":
            return queryset.filter(done_at__isnull=False)
        return queryset
