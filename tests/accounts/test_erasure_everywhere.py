# ruff: noqa: F811 - the fixtures imported from the apps' conftests are used as arguments
"""One person who did everything asks to be forgotten: nothing of them is left, and the money stops.

Grace registered her organisation, signed the petition asking for updates, subscribed
(and so is a Mailchimp member), and gives monthly through Stripe. One
`personal_data erase` must remove her from every table, cancel the subscription in
Stripe and delete the member in Mailchimp, and only then say it is done.
"""

import io
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models

from donations.models import Donation
from petitions import services as petitions
from supporters.models import Organisation, Status
from tests.donations.conftest import (  # noqa: F401 - fixtures
    deliver,
    donate_page,
    fake_stripe,
    start_donation,
    stripe_on,
)
from tests.factories import OrganisationFactory, PetitionPageFactory
from updates.models import Subscriber

pytestmark = pytest.mark.django_db

EMAIL = "grace.hopper@navy.example"
NAME = "Grace Hopper"


def _traces(*needles: str) -> list[str]:
    """Every row of every model holding one of `needles` in a text or JSON column."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, (models.CharField, models.TextField, models.JSONField)):
                continue
            lookup = "icontains"
            if isinstance(field, models.JSONField):
                # Search the stored JSON as text (both databases cast it).
                queryset = model._default_manager.annotate(
                    _as_text=models.functions.Cast(field.name, models.TextField())
                )
                column = "_as_text"
            else:
                queryset, column = model._default_manager.all(), field.name
            for needle in needles:
                if queryset.filter(**{f"{column}__{lookup}": needle}).exists():
                    found.append(f"{model._meta.label}.{field.name} holds {needle!r}")
    return found


@pytest.fixture
def grace(site_tree, stripe_on, fake_mailchimp, start_donation, deliver, committed):
    user = get_user_model().objects.create_user(email=EMAIL, password="a long passphrase 1")
    OrganisationFactory(
        name="Navy Research Lab",
        owner=user,
        contact_name=NAME,
        contact_email=EMAIL,
        status=Status.APPROVED,
    )
    petition = PetitionPageFactory(parent=site_tree["home"], publish=True, slug="petition")
    with committed():
        signed = petitions.signature_create(
            petition=petition,
            name=NAME,
            email=EMAIL,
            country="US",
            comment="Every trial, every result.",
            show_name=True,
            wants_updates=True,
            ip="203.0.113.9",
        )
    with committed():
        petitions.signature_confirm(signature=signed.signature)
    assert fake_mailchimp.member(EMAIL) is not None

    start_donation(frequency="monthly", amount="10.00", name=NAME, email=EMAIL)
    donation = Donation.objects.get()
    for event in stripe_on.complete_checkout(donation.stripe_checkout_session_id, email=EMAIL):
        deliver(event)
    donation.refresh_from_db()
    assert donation.stripe_subscription_id in stripe_on.subscriptions_billing()
    assert _traces(EMAIL, NAME)  # she is everywhere before
    return donation


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_one_erasure_forgets_her_everywhere_and_stops_the_money(
    grace, stripe_on, fake_mailchimp, committed
):
    out = io.StringIO()
    with committed():
        call_command("personal_data", "erase", EMAIL, "--yes", stdout=out)
    report = out.getvalue()

    subscription = grace.stripe_subscription_id
    assert subscription not in stripe_on.subscriptions_billing()
    assert f"donations: {subscription}: cancelled" in report
    assert fake_mailchimp.member(EMAIL) is None
    assert "updates: Mailchimp member: deleted permanently" in report

    assert _traces(EMAIL, NAME, EMAIL.split("@")[0]) == []
    assert not get_user_model().objects.filter(email__iexact=EMAIL).exists()
    assert not Subscriber.objects.exists()
    assert Organisation.objects.get().name == "Navy Research Lab"  # the listing stays
    assert Donation.objects.get().amount_minor == 1000  # the accounting record stays


def test_nothing_is_left_to_export_afterwards(grace, committed):
    with committed():
        call_command("personal_data", "erase", EMAIL, "--yes", stdout=io.StringIO())
    out = io.StringIO()
    call_command("personal_data", "export", EMAIL, stdout=out)
    assert EMAIL not in out.getvalue() and NAME not in out.getvalue()


SHOUTED = "  Grace.HOPPER@Navy.Example "


def test_every_app_exports_her_records_whatever_case_she_writes_in(grace):
    out = io.StringIO()
    call_command("personal_data", "export", SHOUTED, stdout=out)
    exported = json.loads(out.getvalue())
    for app in ("account", "supporters", "petitions", "updates", "donations"):
        assert exported[app], f"{app} found nothing for {SHOUTED!r}"


def test_erasing_in_another_case_forgets_her_everywhere_and_spares_a_tagged_neighbour(
    grace, committed
):
    neighbour = "grace.hopper+lab@navy.example"  # possibly someone else's mailbox
    OrganisationFactory(name="Lab Two", contact_name="Neighbour", contact_email=neighbour)
    OrganisationFactory(name="Lab Three", contact_name=NAME, contact_email=EMAIL.upper())
    with committed():
        call_command("personal_data", "erase", SHOUTED, "--yes", stdout=io.StringIO())
    assert _traces(EMAIL, NAME) == []
    assert Organisation.objects.get(name="Lab Two").contact_email == neighbour
    assert Organisation.objects.get(name="Lab Three").contact_email == ""
