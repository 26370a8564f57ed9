"""A visitor signs up for updates in Chromium, on the /updates/ page and through the block
on a cached campaign page, and the (fake) Mailchimp receives each member exactly once."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Page, Site

from demo.updates import updates_demo_load
from tests.factories import CampaignPageFactory, HomePageFactory, interest_mapped
from tests.fakes.mailchimp import FakeMailchimp, md5_of
from updates import services
from updates.models import Subscriber, SyncState


@pytest.fixture
def fake_mailchimp(settings):
    fake = FakeMailchimp().start()
    for name, value in fake.settings().items():
        setattr(settings, name, value)
    settings.MAILCHIMP_TIMEOUT = 2
    yield fake
    fake.stop()


@pytest.fixture
def site(transactional_db):
    home = HomePageFactory(parent=Page.get_first_root_node(), publish=True)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Test"},
    )
    return home


@pytest.mark.django_db(transaction=True)
def test_sign_up_on_the_updates_page_reaches_mailchimp_once(
    live_server, page, site, fake_mailchimp, settings
):
    settings.PAGE_CACHE_ENABLED = True
    interest_mapped("eu", "eu-interest-id", name="EU news")
    fake_mailchimp.fail_next(500, times=2, method="PUT")  # Mailchimp stumbles twice first
    assert "updates" in updates_demo_load()

    page.goto(live_server.url + "/updates/")
    page.get_by_label("Email address").fill("Grace@Example.org")
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Country").select_option("IE")
    page.get_by_label("EU news").check()
    page.get_by_label(re.compile("Yes, email me updates")).check()
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    # The sync met a 500 and scheduled its next try instead of waiting; run the
    # retries as the deferred task (or the sweep) does once each back-off has passed.
    for _ in range(2):
        assert Subscriber.objects.get().sync_state == SyncState.RETRYING
        Subscriber.objects.update(next_attempt_at=timezone.now())
        assert services.subscribers_sweep() == 1
    member = fake_mailchimp.member("grace@example.org")
    assert member["status"] == "pending"
    assert member["merge_fields"] == {"FNAME": "Grace", "COUNTRY": "IE"}
    assert member["interests"] == {"eu-interest-id": True}
    puts = fake_mailchimp.calls_to("PUT", md5_of("grace@example.org"))
    assert len(puts) == 3  # two failures, then the one that counted
    assert len(fake_mailchimp.audience.members) == 1
    assert Subscriber.objects.get().source_url == "/updates/"


@pytest.mark.django_db(transaction=True)
def test_the_block_on_a_cached_page_shows_its_form_once_it_has_a_token(
    live_server, page, site, fake_mailchimp, settings
):
    settings.PAGE_CACHE_ENABLED = True
    campaign = CampaignPageFactory(
        parent=site,
        title="Why results matter",
        slug="why",
        body=[("subscribe", {"heading": "Stay informed", "text": "", "button_label": "Join"})],
    )
    campaign.save_revision().publish()

    page.goto(live_server.url + "/why/")
    form = page.locator("form[data-csrf]")
    expect(form).to_be_visible()  # site.js fetched a token and revealed it
    expect(page.locator("[data-csrf-fallback]")).to_be_hidden()
    form.get_by_label("Email address").fill("ada@example.org")
    form.get_by_label(re.compile("Yes, email me updates")).check()
    form.get_by_role("button", name="Join").click()

    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert fake_mailchimp.member("ada@example.org")["tags"] == ["updates-form"]
    assert Subscriber.objects.get().source_url == "/why/"
