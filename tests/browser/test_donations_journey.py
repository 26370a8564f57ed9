"""A donor gives on the demo site's /donate/ page and is sent to (fake) Stripe Checkout;
Stripe's signed webhook records the payment; an editor finds it in the admin."""

import re

import pytest
import requests
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from donations.models import Donation, Payment
from tests.fakes.stripe import event_body, sign

PASSWORD = "a-Long-and-unusual-passphrase-42"


@pytest.mark.django_db(transaction=True)
def test_donate_pay_webhook_and_see_it_in_the_admin(
    live_server, browser, fake_stripe, django_user_model
):
    call_command("load_demo_content", "--no-translations", verbosity=0)
    editor = django_user_model.objects.create_superuser("editor@example.org", PASSWORD)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)

    donor = browser.new_context().new_page()
    csp_errors = []
    donor.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    donor.goto(live_server.url + "/donate/")
    expect(donor.locator("h1")).to_contain_text("Support our work")
    donor.get_by_label("Monthly").check()
    donor.get_by_label("£25").check()
    donor.get_by_label("Your name").fill("Ada Lovelace")
    donor.get_by_label("Email").fill("ada@example.org")
    donor.get_by_label(re.compile("add Gift Aid")).check()
    donor.get_by_label("First name").fill("Ada")
    donor.get_by_label("Last name").fill("Lovelace")
    donor.get_by_label("Home address").fill("12 St James's Square\nLondon")
    donor.get_by_label("Postcode").fill("sw1y 4jh")
    donor.get_by_role("button", name="Donate").click()

    # Sent by a 303 to Stripe's hosted Checkout (here the fake's page).
    expect(donor).to_have_url(
        re.compile(re.escape(fake_stripe.url) + r"/checkout/pay/cs_test_\w+$")
    )
    expect(donor.locator("h1")).to_have_text("Fake Stripe Checkout")
    assert csp_errors == []
    donation = Donation.objects.get()
    assert donation.status == "pending" and donation.has_gift_aid

    # The donor pays; Stripe sends its events (each twice, the second out of order).
    events = fake_stripe.complete_checkout(
        donation.stripe_checkout_session_id, email="ada@example.org"
    )
    for event in [*events, *reversed(events)]:
        body = event_body(event)
        response = requests.post(
            live_server.url + "/webhooks/stripe/",
            data=body,
            headers={"Content-Type": "application/json", "Stripe-Signature": sign(body)},
            timeout=10,
        )
        assert response.status_code == 200

    assert Payment.objects.count() == 1
    assert len(mail.outbox) == 1 and "Gift Aid" in mail.outbox[0].body

    # Stripe sends the donor back to the thank-you page, which now knows the payment.
    donor.goto(f"{live_server.url}/donate/thanks/?session_id={donation.stripe_checkout_session_id}")
    expect(donor.locator("main")).to_contain_text("£25 a month has been received")

    # An editor signs in and finds it.
    admin = browser.new_context().new_page()
    admin.goto(live_server.url + "/admin/")
    admin.get_by_label("Email").fill(editor.email)
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign In").click()
    expect(admin).to_have_url(re.compile(r"/admin/$"))
    admin.goto(live_server.url + "/admin/donations/donation/?frequency=monthly&gift_aid=true")
    row = admin.locator("tbody tr").filter(has_text="Ada Lovelace")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("£25")
    expect(row).to_contain_text("Monthly, active")
