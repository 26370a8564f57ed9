"""Odd query strings anywhere on the public site get a page, never a server error."""

import pytest

from tests.factories import SupportersIndexPageFactory

pytestmark = pytest.mark.django_db

ODD_VALUES = ["\x00", "a\x00b", "'; DROP TABLE x; --", "%", "_", "\u202e", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "x" * 5000]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_public_addresses_never_fail_on_odd_parameters(client, site_tree, value):
    supporters = SupportersIndexPageFactory(parent=site_tree["home"])
    requests = [
        ("/search/", {"q": value, "page": value}),
        (site_tree["news_index"].url, {"jurisdiction": value, "tag": value, "page": value}),
        (
            supporters.url,
            {"q": value, "letter": value, "country": value, "category": value, "page": value},
        ),
    ]
    for url, params in requests:
        assert client.get(url, params).status_code == 200, (url, params)
    assert client.get(
        "/supporters/organisations.json", {"country": value, "category": value}
    ).status_code in (200, 400)


# A bracket in a host is how an IPv6 address is written, so Python's URL parser raises
# on a stray one instead of answering; each of these once reached the visitor as a 500.
UNREADABLE_HOSTS = [
    "https://exa[mple.org",
    "https://exa]mple.org",
    "exa[mple.org",
    "https://[example.org]",
    "https://[not-an-address]/about",
]
BROKEN_WEB_ADDRESSES = [*UNREADABLE_HOSTS, "https://example.org:99999/"]
REGISTRATION = {
    "account-email": "ada@patients.example.org",
    "account-password1": "a-Long-and-unusual-passphrase-42",
    "account-password2": "a-Long-and-unusual-passphrase-42",
    "name": "Patients for Trial Transparency",
    "website": "https://patients.example.org",
    "country": "GB",
    "category": "patient_group",
    "statement": "",
    "contact_page": "",
    "contact_name": "Ada Lovelace",
    "contact_role": "",
}


def _field_errors(response, form: str, field: str) -> str:
    assert response.status_code == 200
    return " ".join(response.context[form].errors.get(field, []))


@pytest.mark.parametrize("field", ["website", "contact_page"])
@pytest.mark.parametrize("value", BROKEN_WEB_ADDRESSES)
def test_registering_with_a_broken_web_address_is_a_form_error(client, field, value):
    from supporters.models import Organisation

    response = client.post("/supporters/register/", {**REGISTRATION, field: value})

    assert "Enter a valid web address" in _field_errors(response, "organisation_form", field)
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("field", ["website", "contact_page"])
@pytest.mark.parametrize("value", BROKEN_WEB_ADDRESSES)
def test_a_contact_editing_with_a_broken_web_address_sees_a_form_error(
    client, django_user_model, field, value
):
    from tests.factories import OrganisationFactory

    contact = django_user_model.objects.create_user("contact@example.org", "a-passphrase-42")
    organisation = OrganisationFactory(owner=contact)
    client.force_login(contact)
    form = {key: value for key, value in REGISTRATION.items() if not key.startswith("account-")}

    response = client.post(f"/supporters/account/{organisation.pk}/edit/", {**form, field: value})

    assert "Enter a valid web address" in _field_errors(response, "form", field)
    organisation.refresh_from_db()
    assert organisation.website != value and organisation.contact_page != value
    assert not organisation.pending_changes


@pytest.mark.parametrize("value", UNREADABLE_HOSTS)
def test_a_broken_web_address_has_no_domain(value):
    """Imports and duplicate checks read the domain of addresses nobody validated."""
    from supporters.names import website_domain

    assert website_domain(value) == ""


@pytest.mark.parametrize("created", [":", "soon", 10**20, -(10**20), [1], {"at": 1}])
def test_a_stripe_event_with_an_unreadable_time_is_stored_not_a_500(client, settings, created):
    """Stripe signs its events, but its shapes change: a time we cannot read is left empty."""
    import json

    from donations.models import StripeEvent
    from tests.fakes.stripe import WEBHOOK_SECRET, sign

    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    body = json.dumps({"id": "evt_odd", "type": "ping", "created": created}).encode()

    response = client.post(
        "/webhooks/stripe/",
        body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(body, WEBHOOK_SECRET),
    )

    assert response.status_code == 200
    assert StripeEvent.objects.get(stripe_id="evt_odd").stripe_created is None


@pytest.mark.parametrize("return_url", ["0", "account_login", "x"])
def test_a_page_password_with_an_odd_return_address_opens_the_page(client, site_tree, return_url):
    """Wagtail redirects to the form's return address with redirect(), which reads a word
    without a slash or dot ("0") as the name of a view, and answered 500."""
    from wagtail.models import PageViewRestriction

    from tests.factories import CampaignPageFactory

    page = CampaignPageFactory(parent=site_tree["home"], title="Members", publish=True)
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type="password",
        password="letmein",  # noqa: S106
    )

    response = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": "letmein", "return_url": return_url},
    )

    assert response.status_code == 302
    assert response["Location"] == page.url
    assert client.get(page.url).status_code == 200


@pytest.mark.parametrize("return_url", ["0", "x"])
def test_a_document_password_with_an_odd_return_address_opens_the_home_page(client, return_url):
    from wagtail.models import Collection, CollectionViewRestriction

    restriction = CollectionViewRestriction.objects.create(
        collection=Collection.get_first_root_node(),
        restriction_type="password",
        password="letmein",  # noqa: S106
    )

    response = client.post(
        f"/documents/authenticate_with_password/{restriction.pk}/",
        {"password": "letmein", "return_url": return_url},
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("field", ["data[email]", "data[id]", "data[merges][FNAME]", "type"])
def test_a_mailchimp_webhook_call_with_a_nul_byte_is_refused(client, settings, field):
    """Mailchimp never sends a NUL byte, and PostgreSQL cannot store one (it answered 500)."""
    from updates.models import MailchimpEvent

    settings.MAILCHIMP_WEBHOOK_SECRET = "s3cret"
    form = {"type": "subscribe", "data[email]": "ann@example.org", "data[id]": "abc"}

    response = client.post("/webhooks/mailchimp/s3cret/", {**form, field: "a\x00b"})

    assert response.status_code == 400
    assert not MailchimpEvent.objects.exists()
