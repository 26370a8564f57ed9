"""The share step after signing and confirming, referral codes and first-touch attribution."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from petitions import services
from petitions.counts import petition_count_refresh
from petitions.models import Signature
from tests.factories import OrganisationFactory, SignatureFactory

pytestmark = pytest.mark.django_db

VALID = {"name": "Ann Example", "email": "ann@example.org", "country": "GB", "consent": "on"}
TAGS = {"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": "spring-2026"}


def confirm_path(message) -> str:
    return re.search(r"http://testserver(/petitions/confirm/\S+/)", message.body).group(1)


def share_hrefs(html: str) -> dict[str, str]:
    """{network: its share link} from the share step's links."""
    return {
        key: href.replace("&amp;", "&")
        for href, key in re.findall(r'href="([^"]+)" data-share-link="([a-z]+)"', html)
    }


def test_the_page_after_signing_offers_every_way_to_share_with_the_signers_code(client, petition):
    response = client.post(petition.sign_url(), VALID)
    signature = Signature.objects.get()
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    # The signer's own page: never kept by this site's cache, a CDN or the browser.
    assert "private" in page["Cache-Control"] or "no-store" in page["Cache-Control"]
    links = share_hrefs(html)
    assert set(links) == {"email", "whatsapp", "x", "bluesky", "facebook", "linkedin"}
    for key, href in links.items():
        assert f"ref%3D{signature.share_code}" in href or f"ref={signature.share_code}" in href, key
    assert f'value="http://testserver/petition/?ref={signature.share_code}"' in html  # copy box
    assert 'action="/share/mastodon/"' in html
    # Nothing from any network is loaded by the page: links only, our own script.
    assert not re.search(r'<script[^>]+src="https?://', html)
    assert not re.search(r"<(img|iframe)[^>]+src=\"https?://", html)


def test_the_code_is_random_not_derived_from_the_signer(client, petition):
    client.post(petition.sign_url(), VALID)
    client.post(petition.sign_url(), {**VALID, "email": "bob@example.org", "name": "Bob"})
    first, second = Signature.objects.order_by("pk")
    assert first.share_code != second.share_code
    for signature in (first, second):
        assert signature.share_code not in signature.email + signature.name
        assert signature.share_code not in signature.email_key


def test_a_repeated_address_sees_what_a_new_signer_sees(client, petition):
    """Same page, same links, a fresh code: never the code of the signature it already has."""
    first = client.get(client.post(petition.sign_url(), VALID)["Location"]).content.decode()
    original = Signature.objects.get()
    again_response = client.post(petition.sign_url(), VALID)
    again = client.get(again_response["Location"]).content.decode()
    new_code = again_response["Location"].rstrip("/").rsplit("/", 1)[1]
    assert new_code != original.share_code
    assert original.share_code not in again
    assert first.replace(original.share_code, "CODE") == again.replace(new_code, "CODE")
    assert Signature.objects.count() == 1


def test_the_plain_page_after_signing_is_the_same_for_everyone_and_cacheable(client, petition):
    response = client.get(f"/petitions/{petition.pk}/check-email/")
    assert response.status_code == 200
    assert "?ref=" not in response.content.decode()
    assert "public" in response["Cache-Control"]
    assert client.get(f"/petitions/{petition.pk}/check-email/not-a-code/").status_code == 404


def test_the_form_records_first_touch_tags_and_the_referral_code(client, petition):
    referrer = SignatureFactory(petition=petition)
    client.post(petition.sign_url(), {**VALID, **TAGS, "referral_code": referrer.share_code})
    signature = Signature.objects.get(email="ann@example.org")
    assert (signature.utm_source, signature.utm_medium, signature.utm_campaign) == (
        "newsletter",
        "email",
        "spring-2026",
    )
    assert signature.referral_code == referrer.share_code


def test_bad_attribution_values_are_dropped_never_an_error(client, petition):
    response = client.post(
        petition.sign_url(),
        {**VALID, "utm_source": "x" * 5000, "utm_medium": "<b>", "referral_code": "'; drop"},
    )
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.utm_source == "x" * 100
    assert (signature.utm_medium, signature.referral_code) == ("", "")


def test_without_javascript_the_light_form_carries_the_referral_from_the_page_before(
    client, petition
):
    """A shared link opens the (cached) petition page; its "Sign" link leads to the light
    form, which reads the tags from the address the visitor came from."""
    code = "abcdefghjk"
    shared = f"http://testserver/petition/?ref={code}&utm_source=whatsapp&utm_medium=share"
    cached_page = client.get(shared).content.decode()
    assert code not in cached_page  # the cached page holds nothing of this visitor's
    form = client.get(petition.sign_url(), HTTP_REFERER=shared).content.decode()
    assert f'name="referral_code" value="{code}"' in form
    assert 'name="utm_source" value="whatsapp"' in form


def test_the_confirmed_page_counts_the_signer_although_the_count_lags(client, petition, committed):
    with committed():
        client.post(petition.sign_url(), VALID)
    path = confirm_path(mail.outbox[0])
    assert client.get(petition.count_json_url()).json()["count"] == 0  # counted: none yet
    done = client.post(path)  # the count refresh it schedules has not run yet
    html = done.content.decode()
    assert "Your signature is confirmed" in html
    assert re.search(
        r"<strong data-petition-total>1</strong>\s*<span data-petition-noun[^>]*>signature<", html
    )
    assert "This count includes you" in html
    signature = Signature.objects.get()
    assert f"ref={signature.share_code}" in html  # the share step, with the signer's code

    # Once the count has caught up, the signer is not counted twice.
    petition_count_refresh(petition.pk)
    later = client.get(path).content.decode()
    assert re.search(r"<strong data-petition-total>1</strong>", later)


def test_referral_counts_count_confirmed_unflagged_signatures_by_code(petition):
    organisation = OrganisationFactory()
    code = organisation.share_code
    SignatureFactory.create_batch(3, petition=petition, referral_code=code)
    SignatureFactory(petition=petition, referral_code=code, status="pending")
    SignatureFactory(petition=petition, referral_code=code, flagged=True)
    SignatureFactory(petition=petition, referral_code="zzzzzzzzzz")
    with CaptureQueriesContext(connection) as queries:
        counts = services.referral_counts(codes=[code, "yyyyyyyyyy"])
    assert counts == {code: 3, "yyyyyyyyyy": 0}
    assert len(queries) == 1


def test_a_shared_link_brings_a_referred_signature_end_to_end(client, petition, committed):
    """Sign, take the link from the page, sign through it: the second records the first's code."""
    with committed():
        location = client.post(petition.sign_url(), VALID)["Location"]
    html = client.get(location).content.decode()
    whatsapp = share_hrefs(html)["whatsapp"]
    text = parse_qs(urlsplit(whatsapp).query)["text"][0]
    shared = text.rsplit(" ", 1)[1]
    visitor = Client()  # a fresh browser: no cookie, no session
    visitor.get(shared)
    sign_form = visitor.get(petition.sign_url(), HTTP_REFERER=shared).content.decode()
    values = dict(
        re.findall(
            r'name="(utm_source|utm_medium|utm_campaign|referral_code)" value="([^"]*)"', sign_form
        )
    )
    with committed():
        visitor.post(petition.sign_url(), {**VALID, "email": "bob@example.org", **values})
    first = Signature.objects.get(email="ann@example.org")
    second = Signature.objects.get(email="bob@example.org")
    assert second.referral_code == first.share_code
    assert (second.utm_source, second.utm_medium) == ("whatsapp", "share")


def test_the_signers_page_after_signing_costs_no_more_than_a_few_queries(
    client, petition, django_assert_max_num_queries
):
    """It is no longer cached (it carries the signer's code), so it must stay cheap."""
    location = client.post(petition.sign_url(), VALID)["Location"]
    client.get(location)  # the first learns the petition and the site's settings
    with django_assert_max_num_queries(3):
        assert client.get(location).status_code == 200
