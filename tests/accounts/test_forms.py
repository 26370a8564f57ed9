"""Nobody learns who has an account from the forms that take an email: each answers a known
and an unknown address with the same page, the same emails and the same password hashing
(the part of the work slow enough to time)."""

import re

import pytest
from django.core import mail

from tests.auth import counting_password_hashes

pytestmark = pytest.mark.django_db
PASSWORD = "a-Long-and-unusual-passphrase-42"


@pytest.fixture(params=["organisation contact", "staff member"])
def known(request, django_user_model):
    return django_user_model.objects.create_user(
        "known@example.org", PASSWORD, is_staff=request.param == "staff member"
    )


def _work(client, url: str, data: dict):
    sent_before = len(mail.outbox)
    with counting_password_hashes() as hashes:
        response = client.post(url, data)
    page = response.content.decode()
    for email in ("unknown@example.org", "known@example.org"):
        page = page.replace(email, "<email>")
    return {
        "status": response.status_code,
        "location": response.get("Location"),
        "page": page if response.status_code == 200 else "",
        "hashes": hashes(),
        "emails": len(mail.outbox) - sent_before,
    }


def test_signing_in_with_a_wrong_password_costs_the_same_for_known_and_unknown_emails(
    client, known
):
    unknown = _work(client, "/accounts/login/", {"login": "unknown@example.org", "password": "x"})
    known_path = _work(client, "/accounts/login/", {"login": known.email, "password": "x"})

    assert unknown["status"] == 200 and unknown["hashes"] >= 1
    assert "not correct" in unknown["page"]
    assert known_path["hashes"] == unknown["hashes"]
    assert _without_csrf(known_path) == _without_csrf(unknown)


def test_a_password_reset_costs_the_same_for_known_and_unknown_emails(client, known):
    unknown = _work(client, "/accounts/password/reset/", {"email": "unknown@example.org"})
    known_path = _work(client, "/accounts/password/reset/", {"email": known.email})

    assert unknown == known_path
    assert unknown["status"] == 302 and unknown["emails"] == 1


def _without_csrf(work: dict) -> dict:
    return {**work, "page": re.sub(r'value="[^"]{20,}"', 'value=""', work["page"])}
