"""Moderators work through the Supporters menu in the Wagtail admin: find, decide, export."""

import csv
import io
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supporters import services
from supporters.models import Organisation, OrganisationDecision, Status
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/supporters/organisation/"


def bulk_url(action: str, *organisations, next_url: str = LIST_URL) -> str:
    """The confirmation URL the listing's bulk-action bar builds for the selected rows."""
    url = reverse("wagtail_bulk_action", args=["supporters", "organisation", action])
    query = [("id", organisation.pk) for organisation in organisations] + [("next", next_url)]
    return f"{url}?{urlencode(query)}"


def awaiting(**kwargs) -> Organisation:
    return OrganisationFactory(status=Status.AWAITING_REVIEW, approved_at=None, **kwargs)


def listed_names(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def moderator(django_user_model):
    """A member of Wagtail's Moderators group, given view and change on organisations."""
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="supporters", codename="view_organisation"),
        Permission.objects.get(
            content_type__app_label="supporters", codename="change_organisation"
        ),
    )
    user = django_user_model.objects.create_user(
        email="moderator@example.org",
        password="x",
        first_name="Mo",
        last_name="Derator",
    )
    user.groups.add(group)
    return user


@pytest.fixture
def editor_without_supporters(django_user_model):
    """An editor who may use the admin but has no permission on organisations."""
    user = django_user_model.objects.create_user(email="editor@example.org", password="x")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


# --- Menu and list ----------------------------------------------------------------


def test_supporters_menu_item_leads_to_the_list(client, admin_user):
    client.force_login(admin_user)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert '"Supporters"' in home
    assert LIST_URL in home
    assert reverse("supporters_organisation:list") == LIST_URL


def test_list_filters_by_status_country_and_category(client, admin_user):
    OrganisationFactory(name="Approved British Patients", country="GB", category="patient_group")
    awaiting(name="Waiting French Journal", country="FR", category="journal")
    OrganisationFactory(name="Approved German Funder", country="DE", category="funder")
    client.force_login(admin_user)

    by_status = listed_names(client.get(LIST_URL, {"status": Status.AWAITING_REVIEW}))
    assert "Waiting French Journal" in by_status
    assert "Approved British Patients" not in by_status

    by_country = listed_names(client.get(LIST_URL, {"country": "DE"}))
    assert "Approved German Funder" in by_country
    assert "Approved British Patients" not in by_country
    assert "Waiting French Journal" not in by_country

    by_category = listed_names(client.get(LIST_URL, {"category": "patient_group"}))
    assert "Approved British Patients" in by_category
    assert "Approved German Funder" not in by_category


def test_country_filter_offers_only_countries_that_listings_name(client, admin_user):
    OrganisationFactory(country="FR")
    client.force_login(admin_user)
    page = listed_names(client.get(LIST_URL))
    assert '<option value="FR">France</option>' in page
    assert 'value="DE"' not in page


def test_search_finds_names_ignoring_case_and_accents(client, admin_user):
    OrganisationFactory(name="Médecins du Monde")
    OrganisationFactory(name="Cochrane UK")
    client.force_login(admin_user)

    for query in ("médecins", "MEDECINS", "du monde"):
        page = listed_names(client.get(LIST_URL, {"q": query}))
        assert "Médecins du Monde" in page, query
        assert "Cochrane UK" not in page, query
    # The results-only view the search box refreshes uses the same search.
    results = listed_names(client.get(f"{LIST_URL}results/", {"q": "cochrane"}))
    assert "Cochrane UK" in results
    assert "Médecins du Monde" not in results


def test_list_shows_pending_changes_withdrawn_and_possible_duplicates(client, admin_user):
    original = OrganisationFactory(name="Original Group")
    OrganisationFactory(name="Changing Group", pending_changes={"statement": "New words."})
    OrganisationFactory(name="Gone Group", status=Status.WITHDRAWN)
    awaiting(name="Original Group Ltd", possible_duplicate_of=original)
    client.force_login(admin_user)

    page = listed_names(client.get(LIST_URL))
    assert "Approved · changes pending" in page
    assert "Withdrawn" in page
    assert "Possible duplicate" in page


def test_needs_review_filter_lists_registrations_and_changes_to_check(client, admin_user):
    awaiting(name="New Registration")
    OrganisationFactory(name="Approved With Changes", pending_changes={"name": "Renamed"})
    OrganisationFactory(name="Settled Listing")
    OrganisationFactory(name="Withdrawn Listing", status=Status.WITHDRAWN)
    client.force_login(admin_user)

    page = listed_names(client.get(LIST_URL, {"needs_review": "true"}))
    assert "New Registration" in page
    assert "Approved With Changes" in page
    assert "Settled Listing" not in page
    assert "Withdrawn Listing" not in page


# --- Approve and reject -------------------------------------------------------------


def test_bulk_approve_moves_registrations_to_approved_with_history_and_emails_after_commit(
    client, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    first = awaiting(name="First Registrant", contact_email="first@example.org")
    second = awaiting(name="Second Registrant", contact_email="second@example.org")
    client.force_login(moderator)
    url = bulk_url("approve", first, second)

    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert "First Registrant" in confirmation.content.decode()
    assert "Second Registrant" in confirmation.content.decode()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, {"note": "Welcome aboard."})
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    assert mailoutbox == []  # nothing leaves before the decisions have committed

    for organisation in (first, second):
        organisation.refresh_from_db()
        assert organisation.status == Status.APPROVED
        assert organisation.approved_at is not None
        decision = organisation.decisions.get()
        assert (decision.from_status, decision.to_status) == (
            Status.AWAITING_REVIEW,
            Status.APPROVED,
        )
        assert decision.actor == moderator
        assert decision.note == "Welcome aboard."

    for callback in callbacks:
        callback()
    assert sorted(message.to[0] for message in mailoutbox) == [
        "first@example.org",
        "second@example.org",
    ]
    assert all("Welcome aboard." in message.body for message in mailoutbox)


def test_approving_changes_to_an_approved_listing_applies_them(
    client, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(
        name="Old Name", country="GB", pending_changes={"name": "New Name", "country": "FR"}
    )
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(bulk_url("approve", organisation), {"note": ""})
    assert response.status_code == 302

    organisation.refresh_from_db()
    assert organisation.status == Status.APPROVED
    assert organisation.name == "New Name"
    assert organisation.country.code == "FR"
    assert organisation.pending_changes is None
    decision = organisation.decisions.get()
    assert (decision.from_status, decision.to_status) == (Status.APPROVED, Status.APPROVED)
    assert decision.actor == admin_user
    assert [message.to for message in mailoutbox] == [[organisation.contact_email]]


def test_bulk_reject_requires_a_reason_and_records_it(
    client, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = awaiting(name="Doubtful Registrant", contact_email="doubtful@example.org")
    client.force_login(moderator)
    url = bulk_url("reject", organisation)

    for empty in ("", "   "):
        response = client.post(url, {"note": empty})
        assert response.status_code == 200
        assert "Give a reason: the contact reads it with the decision." in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.status == Status.AWAITING_REVIEW
    assert not organisation.decisions.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"note": "Not an organisation."})
    assert response.status_code == 302

    organisation.refresh_from_db()
    assert organisation.status == Status.REJECTED
    decision = organisation.decisions.get()
    assert (decision.actor, decision.note, decision.to_status) == (
        moderator,
        "Not an organisation.",
        Status.REJECTED,
    )
    assert [message.to for message in mailoutbox] == [["doubtful@example.org"]]
    assert "Not an organisation." in mailoutbox[0].body


def test_rejecting_changes_keeps_the_approved_listing(
    client, admin_user, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Steady Name", pending_changes={"name": "Spammy Name"})
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url("reject", organisation), {"note": "Please keep the official name."})
    organisation.refresh_from_db()
    assert (organisation.status, organisation.name, organisation.pending_changes) == (
        Status.APPROVED,
        "Steady Name",
        None,
    )


def test_bulk_actions_leave_listings_they_do_not_apply_to(
    client, admin_user, django_capture_on_commit_callbacks
):
    withdrawn = OrganisationFactory(name="Withdrawn Org", status=Status.WITHDRAWN)
    unverified = OrganisationFactory(
        name="Unverified Org", status=Status.PENDING_VERIFICATION, approved_at=None
    )
    settled = OrganisationFactory(name="Settled Org")
    registrant = awaiting(name="Registrant Org")
    client.force_login(admin_user)
    url = bulk_url("approve", withdrawn, unverified, settled, registrant)

    page = client.get(url).content.decode()
    not_applicable = page.split("data-not-applicable", 1)[1]
    for name in ("Withdrawn Org", "Unverified Org", "Settled Org"):
        assert name in not_applicable
    assert "Registrant Org" not in not_applicable

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"note": ""})
    statuses = dict(Organisation.objects.values_list("name", "status"))
    assert statuses == {
        "Withdrawn Org": Status.WITHDRAWN,
        "Unverified Org": Status.PENDING_VERIFICATION,
        "Settled Org": Status.APPROVED,
        "Registrant Org": Status.APPROVED,
    }
    assert OrganisationDecision.objects.count() == 1


def test_each_listing_offers_approve_and_reject_for_itself(client, admin_user):
    organisation = awaiting(name="Single Registrant")
    client.force_login(admin_user)

    listing = listed_names(client.get(LIST_URL, {"status": Status.AWAITING_REVIEW}))
    approve_from_list = bulk_url(
        "approve", organisation, next_url=f"{LIST_URL}?status=awaiting_review"
    )
    assert approve_from_list.replace("&", "&amp;") in listing

    edit_url = reverse("supporters_organisation:edit", args=[organisation.pk])
    edit_page = client.get(edit_url).content.decode()
    assert bulk_url("reject", organisation, next_url=edit_url).replace("&", "&amp;") in edit_page


# --- The edit page -----------------------------------------------------------------------


def test_edit_page_shows_history_pending_changes_and_duplicate_without_a_status_field(
    client, admin_user
):
    earlier = OrganisationFactory(name="Patients Together")
    organisation = services.organisation_create(
        name="Patients Together Ltd",
        status=Status.AWAITING_REVIEW,
        contact_email="contact@together.example.org",
        note="Registered by the contact.",
    )
    services.organisation_approve(
        organisation=organisation, actor=admin_user, note="Checked by phone."
    )
    Organisation.objects.filter(pk=organisation.pk).update(
        pending_changes={"statement": "Our new statement."}
    )
    client.force_login(admin_user)

    page = client.get(
        reverse("supporters_organisation:edit", args=[organisation.pk])
    ).content.decode()

    history = page.split("data-decision-history", 1)[1].split("</table>", 1)[0]
    assert history.index("Checked by phone.") < history.index(
        "Registered by the contact."
    )  # newest first
    assert "Awaiting review" in history and "Approved" in history
    pending = page.split("data-pending-changes", 1)[1].split("</table>", 1)[0]
    assert "Statement of support" in pending
    assert "Our new statement." in pending
    assert "Approved · changes pending" in page
    assert reverse("supporters_organisation:edit", args=[earlier.pk]) in page
    for field in ("status", "approved_at", "pending_changes"):
        assert f'name="{field}"' not in page


def test_editing_details_in_the_admin_never_changes_status(client, admin_user):
    organisation = awaiting(name="Typo Orgnisation")
    client.force_login(admin_user)

    response = client.post(
        reverse("supporters_organisation:edit", args=[organisation.pk]),
        {
            "name": "Typo Organisation",
            "website": organisation.website,
            "country": "GB",
            "category": "patient_group",
            "statement": "We support the campaign.",
            "contact_page": "",
            "contact_name": "Alex Contact",
            "contact_email": organisation.contact_email,
            "contact_role": "",
            "possible_duplicate_of": "",
            "status": Status.APPROVED,
            "approved_at": "2020-01-01 00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation.refresh_from_db()
    assert organisation.name == "Typo Organisation"
    assert organisation.sort_name == "typo organisation"
    assert organisation.status == Status.AWAITING_REVIEW
    assert organisation.approved_at is None
    assert not organisation.decisions.exists()


def test_adding_a_listing_in_the_admin_goes_through_the_service(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("supporters_organisation:add"),
        {
            "name": "Phoned-in Society",
            "website": "https://phoned.example.org/",
            "country": "IE",
            "category": "professional_body",
            "statement": "",
            "contact_page": "",
            "contact_name": "Pat",
            "contact_email": "pat@phoned.example.org",
            "contact_role": "",
            "possible_duplicate_of": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation = Organisation.objects.get(name="Phoned-in Society")
    assert organisation.status == Status.AWAITING_REVIEW
    assert organisation.slug == "phoned-in-society"
    decision = organisation.decisions.get()
    assert (decision.actor, decision.to_status) == (admin_user, Status.AWAITING_REVIEW)


# --- Dashboard -----------------------------------------------------------------------------


def test_dashboard_panel_counts_listings_needing_review(client, moderator):
    awaiting()
    awaiting()
    OrganisationFactory(pending_changes={"name": "Renamed"})
    OrganisationFactory()
    OrganisationFactory(status=Status.WITHDRAWN)
    OrganisationFactory(status=Status.PENDING_VERIFICATION, approved_at=None)
    client.force_login(moderator)

    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Supporters to review" in page
    assert "<strong data-needs-review-count>3</strong>" in page
    assert f"{LIST_URL}?needs_review=true" in page


def test_dashboard_panel_is_hidden_from_editors_without_permission(
    client, editor_without_supporters
):
    awaiting()
    client.force_login(editor_without_supporters)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Supporters to review" not in page


# --- Export ------------------------------------------------------------------------------------


def read_csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert 'filename="supporters.csv"' in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_csv_export_honours_filters_and_includes_contacts(client, moderator):
    OrganisationFactory(
        name="Listed Org", contact_email="listed@example.org", contact_role="Director", country="FR"
    )
    awaiting(name="Waiting Org", contact_email="waiting@example.org")
    OrganisationFactory(
        name='=HYPERLINK("http://evil.example")', contact_email="formula@example.org"
    )
    client.force_login(moderator)

    rows = read_csv(client.get(LIST_URL, {"status": Status.APPROVED, "export": "csv"}))
    by_email = {row["Contact email"]: row for row in rows}
    assert set(by_email) == {"listed@example.org", "formula@example.org"}
    listed = by_email["listed@example.org"]
    assert listed["Name"] == "Listed Org"
    assert listed["Country"] == "France"
    assert listed["Category"] == "Patient or carers' group"
    assert listed["Status"] == "Approved"
    assert listed["Contact role"] == "Director"
    assert listed["Approved at"]
    assert set(listed) >= {"Website", "Contact name"}
    # A name a registrant typed never runs as a spreadsheet formula.
    assert by_email["formula@example.org"]["Name"].startswith("'=")

    searched = read_csv(client.get(LIST_URL, {"q": "waiting", "export": "csv"}))
    assert [row["Contact email"] for row in searched] == ["waiting@example.org"]


# --- Permissions -------------------------------------------------------------------------------


def test_users_without_permission_reach_neither_the_list_nor_the_bulk_actions(
    client, editor_without_supporters
):
    organisation = awaiting()
    client.force_login(editor_without_supporters)

    assert client.get(LIST_URL).status_code == 302
    assert client.get(LIST_URL, {"export": "csv"}).status_code == 302
    for action in ("approve", "reject"):
        url = bulk_url(action, organisation)
        assert client.get(url).status_code == 302
        assert client.post(url, {"note": "Sneaky."}).status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Status.AWAITING_REVIEW
    assert not organisation.decisions.exists()


def test_view_only_staff_can_read_and_export_but_not_decide(client, django_user_model):
    reader = django_user_model.objects.create_user(email="reader@example.org", password="x")
    reader.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="supporters", codename="view_organisation"),
    )
    organisation = awaiting(name="Read Only Org")
    client.force_login(reader)

    assert "Read Only Org" in listed_names(client.get(LIST_URL))
    assert (
        bulk_url("approve", organisation).replace("&", "&amp;")
        not in client.get(LIST_URL).content.decode()
    )
    assert client.post(bulk_url("approve", organisation), {"note": ""}).status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Status.AWAITING_REVIEW


def test_anonymous_visitors_are_sent_to_sign_in(client):
    organisation = awaiting()
    for url in (LIST_URL, bulk_url("approve", organisation)):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_list_is_in_a_to_z_order_and_its_queries_do_not_grow_with_rows(client, admin_user):
    OrganisationFactory(name="The Zebra Society", pending_changes={"name": "Zebras"})
    OrganisationFactory(
        name="Aardvark Trust", possible_duplicate_of=OrganisationFactory(name="Mole")
    )
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as few:
        page = listed_names(client.get(LIST_URL))
    assert page.index("Aardvark Trust") < page.index("Mole") < page.index("The Zebra Society")

    for n in range(20):
        awaiting(name=f"Bulk {n}", possible_duplicate_of=Organisation.objects.first())
    with CaptureQueriesContext(connection) as many:
        listed_names(client.get(LIST_URL))
    assert len(many) == len(few)
