"""Monthly donors manage or cancel through an emailed, signed, expiring link: no password,
nothing done on GET, a button that opens Stripe's customer portal."""

import re

import pytest
from django.core import mail

from donations.models import Donation
from donations.services import manage_token_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def active_monthly(stripe_on, start_donation, deliver):
    start_donation(frequency="monthly", amount="10.00")
    donation = Donation.objects.get()
    for event in stripe_on.complete_checkout(donation.stripe_checkout_session_id):
        deliver(event)
    donation.refresh_from_db()
    return donation


def _emailed_link() -> str:
    return re.search(r"http://testserver(/donations/manage/\S+/)", mail.outbox[-1].body).group(1)


def test_emailed_link_shows_a_button_and_only_the_button_opens_the_portal(
    stripe_on, active_monthly, client
):
    link = _emailed_link()

    page = client.get(link)
    assert page.status_code == 200
    assert "You give £10 a month" in page.content.decode()
    assert stripe_on.requests_to("POST", "/v1/billing_portal/sessions") == []

    response = client.post(link)

    assert response.status_code == 303
    assert response["Location"].startswith(f"{stripe_on.url}/portal/bps_")
    [request] = stripe_on.requests_to("POST", "/v1/billing_portal/sessions")
    assert request.params["customer"] == active_monthly.stripe_customer_id
    assert request.params["return_url"] == "http://testserver/donate/"


def test_a_tampered_link_is_refused(stripe_on, active_monthly, client):
    link = _emailed_link()
    tampered = link.replace(link.split("/")[-2], link.split("/")[-2][:-2] + "xx")
    assert client.get(tampered).status_code == 400
    assert client.post(tampered).status_code == 400
    assert stripe_on.requests_to("POST", "/v1/billing_portal/sessions") == []


def test_an_expired_link_is_refused(stripe_on, active_monthly, client, settings):
    link = _emailed_link()
    settings.DONATIONS_MANAGE_LINK_MAX_AGE_DAYS = 0
    response = client.get(link)
    assert response.status_code == 400
    assert "expired" in response.content.decode()


def test_a_one_off_donation_has_no_manage_page(stripe_on, client):
    from tests.factories import DonationFactory

    donation = DonationFactory(frequency="one_off")
    assert (
        client.get(f"/donations/manage/{manage_token_make(donation_pk=donation.pk)}/").status_code
        == 400
    )


def test_portal_unreachable_is_explained(stripe_on, active_monthly, client):
    stripe_on.fail_next(500, path_contains="billing_portal")
    response = client.post(_emailed_link())
    assert response.status_code == 503
    assert "could not open the page" in response.content.decode()
