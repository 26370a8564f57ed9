"""Registering support at /supporters/register/, verifying the email, and managing the listing."""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from supporters.models import Organisation, OrganisationDecision, Status
from tests.auth import counting_password_hashes
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
URL = "/supporters/register/"
PASSWORD = "a-Long-and-unusual-passphrase-42"


def _form(**overrides):
    data = {
        "account-email": "ada@patients.example.org",
        "account-password1": PASSWORD,
        "account-password2": PASSWORD,
        "name": "Patients for Trial Transparency",
        "website": "https://patients.example.org",
        "country": "GB",
        "category": "patient_group",
        "statement": "Every result matters to patients.",
        "contact_page": "",
        "contact_name": "Ada Lovelace",
        "contact_role": "Chair",
    }
    data.update(overrides)
    return data


def _png(size=(40, 40), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def _verification_link(message) -> str:
    return re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", message.body).group(0)


def test_a_new_contact_registers_verifies_and_waits_for_review(
    client, django_capture_on_commit_callbacks, admin_user
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _form())

    assert response.status_code == 302
    assert response["Location"] == "/supporters/register/check-your-email/"
    organisation = Organisation.objects.get()
    assert organisation.status == Status.PENDING_VERIFICATION
    assert organisation.contact_email == "ada@patients.example.org"
    assert organisation.owner.email == "ada@patients.example.org"
    assert [m.to for m in mail.outbox] == [["ada@patients.example.org"]]

    link = _verification_link(mail.outbox[0])
    path = link.split("testserver", 1)[-1] if "testserver" in link else "/" + link.split("/", 3)[3]
    confirm_page = client.get(path)
    assert confirm_page.status_code == 200
    Organisation.objects.get().refresh_from_db()
    assert Organisation.objects.get().status == Status.PENDING_VERIFICATION  # a GET never confirms

    with django_capture_on_commit_callbacks(execute=True):
        client.post(path)

    organisation.refresh_from_db()
    assert organisation.status == Status.AWAITING_REVIEW
    assert list(organisation.decisions.values_list("from_status", "to_status")) == [
        (Status.PENDING_VERIFICATION, Status.AWAITING_REVIEW),
        ("", Status.PENDING_VERIFICATION),
    ]
    assert any(admin_user.email in m.to for m in mail.outbox), "moderators are told"


def test_an_already_registered_email_sees_the_same_page_and_gets_an_email(
    client, django_user_model
):
    django_user_model.objects.create_user("ada@patients.example.org", "whatever-password-1")

    response = client.post(URL, _form())

    assert response.status_code == 302
    assert response["Location"] == "/supporters/register/check-your-email/"
    assert not Organisation.objects.exists()
    assert len(mail.outbox) == 1
    assert "already has an account" in mail.outbox[0].body
    assert "sign in" in mail.outbox[0].body.lower()


@pytest.mark.parametrize("known", ["organisation contact", "staff member"])
def test_a_known_email_costs_the_same_work_as_a_new_one(
    client, django_user_model, django_capture_on_commit_callbacks, known
):
    """One request must not tell whether an address has an account: the new path
    hashes the password, so the known path hashes it too, and each sends one email."""
    django_user_model.objects.create_user(
        "known@example.org", "whatever-password-1", is_staff=known == "staff member"
    )

    def register(email: str):
        sent_before = len(mail.outbox)
        with counting_password_hashes() as hashes, django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, _form(**{"account-email": email, "name": f"Group {email}"}))
        return response.status_code, response["Location"], hashes(), len(mail.outbox) - sent_before

    new = register("new@example.org")
    known_path = register("known@example.org")

    assert new == (302, "/supporters/register/check-your-email/", 1, 1)
    assert known_path == new


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Enter your organisation&#x27;s name."),
        ({"website": "http://localhost"}, "website", "does not look like a public website"),
        ({"website": "https://192.168.1.10/"}, "website", "not an IP address"),
        ({"website": "not a url at all"}, "website", "Enter a valid web address"),
        ({"country": "XX"}, "country", "Choose your country from the list."),
        ({"category": ""}, "category", "Choose the kind of organisation yours is."),
        (
            {"contact_name": ""},
            "contact_name",
            "Enter your name, so a moderator knows whom to ask.",
        ),
        ({"account-email": ""}, "email", "Enter your email address: you sign in with it."),
        ({"account-password1": ""}, "password1", "Choose a password."),
        ({"account-email": "not-an-email"}, "email", "valid email"),
        ({"account-password2": "different"}, "password2", "same password"),
        ({"statement": "x" * 601}, "statement", "at most 600 characters"),
    ],
)
def test_bad_input_gets_a_clear_error_and_nothing_is_saved(client, overrides, field, message):
    response = client.post(URL, _form(**overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Please correct" in response.content.decode()
    assert not Organisation.objects.exists()
    assert not mail.outbox


def test_logo_must_be_a_small_image(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    not_image = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = client.post(URL, {**_form(), "logo": not_image})
    assert "Upload a valid image" in response.content.decode()

    huge = SimpleUploadedFile(
        "logo.png", _png() + b"\0" * (2 * 1024 * 1024), content_type="image/png"
    )
    response = client.post(URL, {**_form(), "logo": huge})
    assert "too large" in response.content.decode()

    bmp = SimpleUploadedFile("logo.bmp", _png(fmt="BMP"), content_type="image/bmp")
    response = client.post(URL, {**_form(), "logo": bmp})
    assert "PNG, JPEG, GIF or WebP" in response.content.decode()
    assert not Organisation.objects.exists()

    good = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    assert client.post(URL, {**_form(), "logo": good}).status_code == 302
    assert Organisation.objects.get().logo.title == "Patients for Trial Transparency logo"


def test_likely_duplicates_are_flagged_not_refused(client):
    existing = OrganisationFactory(name="Patients for Trial Transparency e.V.")
    client.post(URL, _form(website="https://www.other.example.org"))
    assert Organisation.objects.exclude(pk=existing.pk).get().possible_duplicate_of == existing


def test_get_never_changes_anything(client):
    assert client.get(URL).status_code == 200
    assert client.get("/supporters/register/check-your-email/").status_code == 200
    assert not Organisation.objects.exists()


@pytest.fixture
def contact(client, django_user_model):
    user = django_user_model.objects.create_user("ada@patients.example.org", PASSWORD)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    return user


def test_signed_in_contact_registers_straight_to_review(client, contact):
    response = client.post(URL, {k: v for k, v in _form().items() if not k.startswith("account-")})
    assert response.status_code == 302
    assert Organisation.objects.get().status == Status.AWAITING_REVIEW


def test_editing_an_approved_listing_keeps_the_old_version_public(client, contact):
    organisation = OrganisationFactory(
        owner=contact, name="Old Name", website="https://old.example.org"
    )
    form = {k: v for k, v in _form(name="New Name").items() if not k.startswith("account-")}

    response = client.post(f"/supporters/account/{organisation.pk}/edit/", form)

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Old Name" and organisation.status == Status.APPROVED
    assert organisation.pending_changes["name"] == "New Name"
    assert organisation.contact_role == "Chair"  # private fields change at once
    page = client.get(f"/supporters/account/{organisation.pk}/edit/").content.decode()
    assert 'value="New Name"' in page


def test_withdrawing_needs_a_post(client, contact):
    organisation = OrganisationFactory(owner=contact)
    assert client.get(f"/supporters/account/{organisation.pk}/withdraw/").status_code == 200
    organisation.refresh_from_db()
    assert organisation.status == Status.APPROVED

    client.post(f"/supporters/account/{organisation.pk}/withdraw/")

    organisation.refresh_from_db()
    assert organisation.status == Status.WITHDRAWN
    assert OrganisationDecision.objects.filter(
        organisation=organisation, to_status=Status.WITHDRAWN
    ).exists()


def test_contacts_cannot_touch_other_listings(client, contact):
    other = OrganisationFactory()
    assert client.get(f"/supporters/account/{other.pk}/edit/").status_code == 404
    assert client.post(f"/supporters/account/{other.pk}/withdraw/").status_code == 404
    other.refresh_from_db()
    assert other.status == Status.APPROVED


def test_account_area_needs_sign_in(client):
    response = client.get("/supporters/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_allauth_sign_up_leads_to_the_registration_form(client):
    response = client.get("/accounts/signup/")
    assert response.status_code == 302
    assert response["Location"] == "/supporters/register/"


def test_registrations_from_one_address_are_rate_limited(client, settings):
    settings.SUPPORTERS_RATE_LIMIT_IP = "2/m"
    statuses = [
        client.post(
            URL, _form(**{"account-email": f"person{n}@example.org", "name": f"Group {n}"})
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert "Too many attempts" in client.post(URL, _form()).content.decode()
    assert Organisation.objects.count() == 2
