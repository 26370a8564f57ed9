"""An editor publishes a news item in the admin and readers see it at once: index, feed, search."""

import pytest
from django.test import override_settings
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import NewsPage

pytestmark = pytest.mark.django_db


@override_settings(PAGE_CACHE_ENABLED=True)
def test_published_news_appears_in_index_feed_and_search_on_the_next_load(
    client, site_tree, admin_user
):
    index, eu = site_tree["news_index"], site_tree["jurisdictions"]["eu"]
    reader = client.__class__()
    # Readers have the old pages cached.
    for url in (index.url, f"{index.url}feed/", f"{index.url}feed/eu/", "/search/?q=gateway", "/"):
        assert reader.get(url).status_code == 200

    client.force_login(admin_user)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["cms", "newspage", index.pk]),
        nested_form_data(
            {
                "title": "EU opens a single gateway",
                "slug": "eu-single-gateway",
                "date": "2023-01-31",
                "jurisdiction": eu.pk,
                "rule_status": "in_force",
                "in_force_from": "2023-01-31",
                "summary": "All new trial applications now go through one gateway.",
                "body": streamfield([("paragraph", rich_text("<p>Details.</p>"))]),
                "sources": streamfield([]),
                "tags": "registration",
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, response.content[:2000]
    assert NewsPage.objects.get(slug="eu-single-gateway").live

    assert "EU opens a single gateway" in reader.get(index.url).content.decode()
    assert (
        "EU opens a single gateway" in reader.get(f"{index.url}?tag=registration").content.decode()
    )
    assert "EU opens a single gateway" in reader.get(f"{index.url}feed/").content.decode()
    assert "EU opens a single gateway" in reader.get(f"{index.url}feed/eu/").content.decode()
    assert "EU opens a single gateway" in reader.get("/search/?q=gateway").content.decode()
    assert "EU opens a single gateway" in reader.get("/").content.decode()


def test_admin_rejects_news_without_required_fields(client, site_tree, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["cms", "newspage", site_tree["news_index"].pk]),
        nested_form_data(
            {
                "title": "",
                "slug": "",
                "date": "not a date",
                "jurisdiction": "",
                "rule_status": "",
                "summary": "",
                "body": streamfield([]),
                "sources": streamfield(
                    [("source", {"title": "x", "url": "not-a-url", "publisher": ""})]
                ),
                "tags": "",
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 200
    assert not NewsPage.objects.exists()
    body = response.content.decode()
    assert "This field is required." in body
    assert "Enter a valid date." in body
