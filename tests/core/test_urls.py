"""Full addresses for links in emails and tasks (core/urls.py)."""

from core.urls import site_url


def test_a_path_is_joined_to_the_base_url_with_one_slash(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://campaign.example/"
    assert site_url("/petition/") == "https://campaign.example/petition/"
    assert site_url("petition/") == "https://campaign.example/petition/"
    assert site_url() == "https://campaign.example/"


def test_a_full_address_stays_as_it_is(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://campaign.example"
    assert site_url("https://other.example/page/") == "https://other.example/page/"
    assert site_url("http://other.example/") == "http://other.example/"
