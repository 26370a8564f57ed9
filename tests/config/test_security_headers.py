"""Security headers on the public site, cached or not."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(PAGE_CACHE_ENABLED=True)
def test_public_pages_carry_a_strict_content_security_policy_even_from_the_cache(client, site_tree):
    first = client.get("/")
    again = client.get("/")

    assert again["X-Page-Cache"] == "hit"
    for response in (first, again):
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_forms_and_sign_in_pages_have_the_policy_too(client, site_tree):
    for url in ("/supporters/register/", "/accounts/login/", "/search/?q=x"):
        assert "default-src 'self'" in client.get(url)["Content-Security-Policy"], url


def test_the_wagtail_admin_keeps_its_own_rules(client, admin_user):
    client.force_login(admin_user)
    assert "Content-Security-Policy" not in client.get("/admin/")
