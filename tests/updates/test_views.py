"""The public side: the /updates/ page, the block on any page, the form, and Mailchimp's webhook."""

import pytest
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase

from cms.models import CampaignPage, HomePage
from core.consent import text_digest
from tests.conftest import MAILCHIMP_WEBHOOK_SECRET as WEBHOOK_SECRET
from tests.factories import CampaignPageFactory, UpdatesPageFactory
from updates.consent import CONSENT_TEXT
from updates.models import MailchimpEvent, MailchimpStatus, Subscriber, UpdatesPage

pytestmark = pytest.mark.django_db

SUBSCRIBE_URL = "/subscribe/"
WEBHOOK_URL = f"/webhooks/mailchimp/{WEBHOOK_SECRET}/"


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST as a request does, running what it schedules after commit (tasks run at once)."""

    def send(url, data, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **kwargs)

    return send


def form_data(**overrides):
    return {
        "email": "reader@example.org",
        "first_name": "Robin",
        "country": "FR",
        "interests": ["eu", "global"],
        "consent": "on",
        "source_url": "/updates/",
        **overrides,
    }


# --- Pages -------------------------------------------------------------------------


class TestUpdatesPage(WagtailPageTestCase):
    def test_it_stands_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(UpdatesPage, {HomePage})
        self.assertAllowedSubpageTypes(UpdatesPage, {})


def test_the_updates_page_shows_the_form_with_the_default_interests(client, site_tree):
    page = UpdatesPageFactory(parent=site_tree["home"], publish=True)

    response = client.get(page.url)

    html = response.content.decode()
    assert response.status_code == 200
    for name in ("UK news", "EU news", "USA news", "Global news"):
        assert name in html
    assert str(CONSENT_TEXT) in html
    assert 'name="csrfmiddlewaretoken"' in html  # its main purpose is the form: not cached
    assert f'action="{SUBSCRIBE_URL}"' in html


def test_the_block_puts_a_cacheable_form_on_any_page(client, site_tree):
    page = CampaignPageFactory(
        parent=site_tree["home"],
        title="Act now",
        slug="act-now",
        publish=False,
        body=[("subscribe", {"heading": "Stay informed", "text": "", "button_label": "Join"})],
    )
    page.save_revision().publish()

    html = client.get(page.url).content.decode()

    assert "Stay informed" in html
    assert "data-cached-form" in html and "data-csrf hidden" in html
    assert "csrfmiddlewaretoken" not in html  # the page stays cacheable
    assert f'href="{SUBSCRIBE_URL}?from=/act-now/"' in html  # the no-JavaScript way
    assert 'value="/act-now/"' in html  # the source page travels with the form
    assert isinstance(page, CampaignPage)


# --- The form ----------------------------------------------------------------------------


def test_the_form_page_stands_alone_for_visitors_without_javascript(client, site_tree):
    response = client.get(SUBSCRIBE_URL + "?from=/act-now/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'value="/act-now/"' in html


def test_signing_up_records_the_person_and_their_consent(client, site_tree):
    response = client.post(SUBSCRIBE_URL, form_data(email=" Reader@Example.org"))

    assert response.status_code == 302
    assert response["Location"] == reverse("updates:subscribe_done")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org"
    assert subscriber.country.code == "FR"
    assert sorted(subscriber.interests.values_list("slug", flat=True)) == ["eu", "global"]
    assert subscriber.source == "updates-form" and subscriber.source_url == "/updates/"
    consent = subscriber.consents.get()
    assert (consent.wording.purpose, consent.wording.text) == ("updates_signup", str(CONSENT_TEXT))
    assert consent.wording.version == text_digest(str(CONSENT_TEXT))[:16]


def test_a_known_email_sees_the_same_page_as_a_new_one(client, site_tree):
    first = client.post(SUBSCRIBE_URL, form_data(), follow=True)
    second = client.post(SUBSCRIBE_URL, form_data(first_name="Someone"), follow=True)

    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert Subscriber.objects.count() == 1


def test_no_consent_no_signup(client, site_tree):
    data = form_data()
    del data["consent"]
    response = client.post(SUBSCRIBE_URL, data)

    assert response.status_code == 400
    assert "Tick the box to agree, or we cannot send you our emails." in response.content.decode()
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"email": "a" * 250 + "@example.org"}, "at most 254"),
        ({"country": "XX"}, "Choose your country from the list."),
        ({"interests": ["nonsense"]}, "Select a valid choice"),
        ({"first_name": "x" * 101}, "at most 100"),
    ],
)
def test_bad_input_gets_a_clear_message_not_an_error(client, site_tree, overrides, message):
    response = client.post(SUBSCRIBE_URL, form_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_source_address_off_this_site_is_not_kept(client, site_tree):
    client.post(SUBSCRIBE_URL, form_data(source_url="https://evil.example/"))
    client.post(SUBSCRIBE_URL, form_data(email="b@example.org", source_url="//evil.example/"))
    assert set(Subscriber.objects.values_list("source_url", flat=True)) == {""}


def test_get_changes_nothing_and_other_methods_are_refused(client, site_tree):
    client.get(SUBSCRIBE_URL, form_data())
    assert not Subscriber.objects.exists()
    assert client.put(SUBSCRIBE_URL).status_code == 405


def test_a_signup_reaches_the_fake_mailchimp(post, site_tree, fake_mailchimp):
    post(SUBSCRIBE_URL, form_data())

    assert fake_mailchimp.member("reader@example.org")["status"] == "pending"


# --- The webhook ---------------------------------------------------------------------------


def test_mailchimp_validates_the_address_with_a_get(client, post, fake_mailchimp):
    assert client.get(WEBHOOK_URL).status_code == 200


def test_a_wrong_secret_is_refused(client, post, fake_mailchimp):
    response = post(
        "/webhooks/mailchimp/wrong-secret/", {"type": "unsubscribe", "data[email]": "a@b.org"}
    )
    assert response.status_code == 404
    assert client.get("/webhooks/mailchimp/wrong-secret/").status_code == 404
    assert not MailchimpEvent.objects.exists()


def test_no_secret_configured_means_no_webhook(client, settings):
    settings.MAILCHIMP_WEBHOOK_SECRET = ""
    assert client.get("/webhooks/mailchimp/anything/").status_code == 404


def unsubscribe_event(email="reader@example.org", fired_at="2026-11-25 10:00:00"):
    return {
        "type": "unsubscribe",
        "fired_at": fired_at,
        "data[action]": "unsub",
        "data[reason]": "manual",
        "data[email]": email,
        "data[list_id]": "fake-list",
    }


def test_an_unsubscribe_is_recorded_once_however_often_it_arrives(post, site_tree, fake_mailchimp):
    post(SUBSCRIBE_URL, form_data())

    for _ in range(2):
        response = post(WEBHOOK_URL, unsubscribe_event())
        assert response.status_code == 200

    assert MailchimpEvent.objects.count() == 1
    subscriber = Subscriber.objects.get()
    assert subscriber.mailchimp_status == MailchimpStatus.UNSUBSCRIBED
    event = MailchimpEvent.objects.get()
    assert event.payload == {}  # applied: the form data is not kept
    assert event.email == "reader@example.org" and event.outcome == "Status: unsubscribed."


def test_an_unsubscribe_followed_by_a_resync_keeps_the_member_unsubscribed(
    post, site_tree, fake_mailchimp
):
    from updates import services

    post(SUBSCRIBE_URL, form_data())
    fake_mailchimp.set_status("reader@example.org", "unsubscribed")  # they click "unsubscribe"
    post(WEBHOOK_URL, unsubscribe_event())

    # An editor changes their details, and a full resync runs: both send the member again.
    subscriber = Subscriber.objects.get()
    services.subscriber_changed(subscriber=subscriber)
    services.subscribers_sweep()

    assert len(fake_mailchimp.calls_to("PUT")) == 2
    assert all("status" not in call.body for call in fake_mailchimp.calls_to("PUT"))
    assert fake_mailchimp.member("reader@example.org")["status"] == "unsubscribed"
    subscriber.refresh_from_db()
    assert subscriber.mailchimp_status == MailchimpStatus.UNSUBSCRIBED


def test_signing_up_again_after_unsubscribing_asks_mailchimp_to_confirm_again(
    post, site_tree, fake_mailchimp
):
    post(SUBSCRIBE_URL, form_data())
    fake_mailchimp.set_status("reader@example.org", "unsubscribed")
    post(WEBHOOK_URL, unsubscribe_event())

    post(SUBSCRIBE_URL, form_data())  # fresh consent, from the person themselves

    last_put = fake_mailchimp.calls_to("PUT")[-1]
    assert last_put.body["status"] == "pending"  # never "subscribed": they must confirm
    assert fake_mailchimp.member("reader@example.org")["status"] == "pending"
    assert Subscriber.objects.get().resubscribe_requested is False


def test_subscribe_profile_cleaned_and_upemail_events(post, site_tree, fake_mailchimp):
    post(SUBSCRIBE_URL, form_data())

    post(
        WEBHOOK_URL,
        {
            "type": "subscribe",
            "fired_at": "2026-11-25 10:00:00",
            "data[email]": "reader@example.org",
        },
    )
    assert Subscriber.objects.get().mailchimp_status == MailchimpStatus.SUBSCRIBED

    post(
        WEBHOOK_URL,
        {
            "type": "profile",
            "fired_at": "2026-11-25 10:01:00",
            "data[email]": "reader@example.org",
            "data[merges][FNAME]": "Robyn",
            "data[merges][COUNTRY]": "de",
        },
    )
    subscriber = Subscriber.objects.get()
    assert (subscriber.first_name, subscriber.country.code) == ("Robyn", "DE")

    post(
        WEBHOOK_URL,
        {
            "type": "upemail",
            "fired_at": "2026-11-25 10:02:00",
            "data[old_email]": "reader@example.org",
            "data[new_email]": "robyn@example.org",
            "data[new_id]": "x",
        },
    )
    assert Subscriber.objects.get().email == "robyn@example.org"

    post(
        WEBHOOK_URL,
        {
            "type": "cleaned",
            "fired_at": "2026-11-25 10:03:00",
            "data[email]": "robyn@example.org",
            "data[reason]": "hard",
        },
    )
    assert Subscriber.objects.get().mailchimp_status == MailchimpStatus.CLEANED


def test_an_older_event_does_not_overwrite_a_newer_status(post, site_tree, fake_mailchimp):
    post(SUBSCRIBE_URL, form_data())
    post(WEBHOOK_URL, unsubscribe_event(fired_at="2026-11-25 12:00:00"))
    post(
        WEBHOOK_URL,
        {
            "type": "subscribe",
            "fired_at": "2026-11-25 09:00:00",
            "data[email]": "reader@example.org",
        },
    )

    assert Subscriber.objects.get().mailchimp_status == MailchimpStatus.UNSUBSCRIBED


def test_events_about_strangers_and_unknown_types(client, post, fake_mailchimp):
    assert post(WEBHOOK_URL, unsubscribe_event(email="stranger@example.org")).status_code == 200
    stranger = MailchimpEvent.objects.get()
    assert stranger.outcome == "Ignored: not one of our subscribers."
    assert stranger.email == "" and stranger.payload == {}  # nothing kept about strangers
    assert post(WEBHOOK_URL, {"type": "campaign"}).status_code == 400
    assert post(WEBHOOK_URL, "garbage", content_type="text/plain").status_code == 400


def test_a_bot_filling_the_hidden_field_is_dropped_with_the_same_answer(client, site_tree):
    response = client.post(SUBSCRIBE_URL, form_data(website="http://spam.example"))

    assert response.status_code == 302
    assert response["Location"] == reverse("updates:subscribe_done")
    assert not Subscriber.objects.exists()


def test_floods_are_dropped_beyond_the_limits(client, site_tree, settings):
    settings.UPDATES_RATE_LIMIT_EMAIL = "2/h"
    settings.UPDATES_RATE_LIMIT_IP = "3/h"
    for _ in range(3):
        assert client.post(SUBSCRIBE_URL, form_data()).status_code == 302
    assert Subscriber.objects.get().consents.count() == 2  # the third was dropped

    client.post(SUBSCRIBE_URL, form_data(email="other@example.org"))
    client.post(SUBSCRIBE_URL, form_data(email="third@example.org"))
    assert not Subscriber.objects.filter(email="third@example.org").exists()


ODD_VALUES = ["\x00", "a\x00b", "'; DROP TABLE x; --", "%", "\u202e", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "x" * 5000]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_odd_input_never_fails(client, site_tree, value):
    assert client.get(SUBSCRIBE_URL, {"from": value}).status_code == 200
    for field in ("email", "first_name", "country", "interests", "source_url", "consent"):
        response = client.post(SUBSCRIBE_URL, form_data(**{field: value}))
        assert response.status_code in (302, 400), (field, value)
    assert client.post(WEBHOOK_URL.replace(WEBHOOK_SECRET, value[:100])).status_code in (
        400,
        404,
    )


def test_a_sign_up_records_its_first_touch_and_a_later_one_keeps_it(client, site_tree):
    """Where a subscriber came from (core/attribution.py) is kept from their first sign-up."""
    client.post(
        SUBSCRIBE_URL,
        form_data(utm_source="newsletter", utm_campaign="spring", referral_code="abcdefghjk"),
    )
    client.post(SUBSCRIBE_URL, form_data(utm_source="twitter", utm_medium="<bad>"))
    subscriber = Subscriber.objects.get()
    assert subscriber.attribution_export() == {
        "utm_source": "newsletter",
        "utm_medium": "",
        "utm_campaign": "spring",
        "referral_code": "abcdefghjk",
    }
    from core.personal_data import personal_data_export

    [exported] = personal_data_export(email="reader@example.org")["updates"]
    assert exported["came_from"]["utm_campaign"] == "spring"


def test_the_form_page_without_javascript_carries_the_tags_of_its_own_address(client, site_tree):
    html = client.get(
        SUBSCRIBE_URL, {"utm_source": "partner", "ref": "abcdefghjk"}
    ).content.decode()
    assert 'name="utm_source" value="partner"' in html
    assert 'name="referral_code" value="abcdefghjk"' in html
