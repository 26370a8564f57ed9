"""Editors review registry sponsor names in the Trials tracker menu: the queue, the
review page, confirming suggestions in bulk; sponsors and imports."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import (
    OrganisationFactory,
    SponsorFactory,
    SponsorMappingFactory,
    TrialFactory,
)
from trials.models import RegistryImport, Sponsor, SponsorMapping, Trial

pytestmark = pytest.mark.django_db
Review = SponsorMapping.Review
LIST_URL = "/admin/trials/mappings/"


def bulk_confirm_url(*mappings, next_url: str = LIST_URL) -> str:
    url = reverse("wagtail_bulk_action", args=["trials", "sponsormapping", "confirm_suggested"])
    query = [("id", mapping.pk) for mapping in mappings] + [("next", next_url)]
    return f"{url}?{urlencode(query)}"


def review_url(mapping) -> str:
    return reverse("trials_mapping:edit", args=[mapping.pk])


@pytest.fixture
def reviewer(django_user_model):
    """Staff with access to the admin and "change sponsor mapping"."""
    user = django_user_model.objects.create_user(
        email="reviewer@example.org", password="x", is_staff=True
    )
    for app, codename in [
        ("wagtailadmin", "access_admin"),
        ("trials", "change_sponsormapping"),
        ("trials", "view_sponsormapping"),
    ]:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    return user


@pytest.fixture
def editor_without_trials(django_user_model):
    user = django_user_model.objects.create_user(email="editor@example.org", password="x")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


@pytest.fixture
def queue():
    pfizer = SponsorFactory(name="Pfizer")
    big = SponsorMappingFactory(raw_name="Pfizer Inc.", suggested_sponsor=pfizer, trial_count=40)
    small = SponsorMappingFactory(raw_name="Tiny Clinic", trial_count=2)
    done = SponsorMappingFactory(
        raw_name="Pfizer", review=Review.CONFIRMED, sponsor=pfizer, trial_count=90
    )
    TrialFactory(lead_sponsor_name="Pfizer Inc.")
    return {"pfizer": pfizer, "big": big, "small": small, "done": done}


def test_the_review_queue_opens_on_waiting_names_most_trials_first(client, reviewer, queue):
    client.force_login(reviewer)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Pfizer Inc.") < page.index("Tiny Clinic")
    assert "Suggested: Pfizer" in page
    assert f'href="{review_url(queue["done"])}"' not in page  # confirmed: not in the queue
    everything = client.get(LIST_URL, {"review": ""}).content.decode()
    assert f'href="{review_url(queue["done"])}"' in everything
    searched = client.get(LIST_URL, {"q": "tiny", "review": ""}).content.decode()
    assert "Tiny Clinic" in searched and "Pfizer Inc." not in searched


def test_the_menu_and_the_dashboard_show_the_queue(client, reviewer, queue):
    client.force_login(reviewer)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Trials tracker" in home
    assert LIST_URL in home
    assert "data-mappings-count>2<" in home


def test_bulk_confirm_via_post_and_get_changes_nothing(
    client, reviewer, queue, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    url = bulk_confirm_url(queue["big"], queue["small"])
    confirm_page = client.get(url)
    assert confirm_page.status_code == 200
    assert "Pfizer Inc." in confirm_page.content.decode()
    queue["big"].refresh_from_db()
    assert queue["big"].review == Review.UNREVIEWED  # GET changed nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    queue["big"].refresh_from_db()
    queue["small"].refresh_from_db()
    assert (queue["big"].review, queue["big"].sponsor) == (Review.CONFIRMED, queue["pfizer"])
    assert queue["big"].reviewed_by == reviewer
    assert queue["small"].review == Review.UNREVIEWED  # no suggestion: left alone
    assert Trial.objects.get().sponsor == queue["pfizer"]


def test_the_review_page_confirms_creates_excludes_and_reopens(client, reviewer, queue):
    client.force_login(reviewer)
    mapping = queue["small"]
    page = client.get(review_url(mapping))
    assert page.status_code == 200
    assert "csrfmiddlewaretoken" in page.content.decode()
    mapping.refresh_from_db()
    assert mapping.review == Review.UNREVIEWED

    response = client.post(
        review_url(mapping),
        {"decision": "new", "new_name": "Tiny Clinic Foundation", "new_class": "OTHER"},
    )
    assert response.status_code == 302
    mapping.refresh_from_db()
    assert mapping.sponsor == Sponsor.objects.get(name="Tiny Clinic Foundation")

    client.post(review_url(mapping), {"decision": "exclude"})
    mapping.refresh_from_db()
    assert (mapping.review, mapping.sponsor) == (Review.EXCLUDED, None)

    client.post(review_url(mapping), {"decision": "confirm", "sponsor": queue["pfizer"].pk})
    mapping.refresh_from_db()
    assert (mapping.review, mapping.sponsor) == (Review.CONFIRMED, queue["pfizer"])

    client.post(review_url(mapping), {"decision": "reopen"})
    mapping.refresh_from_db()
    assert mapping.review == Review.UNREVIEWED


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"decision": "confirm"},
        {"decision": "new", "new_name": "  "},
        {"decision": "confirm", "sponsor": "999999"},
        {"decision": "what"},
    ],
)
def test_bad_review_input_is_a_form_error_never_a_change(client, reviewer, queue, data):
    client.force_login(reviewer)
    response = client.post(review_url(queue["small"]), data)
    assert response.status_code == 200
    queue["small"].refresh_from_db()
    assert queue["small"].review == Review.UNREVIEWED


def test_non_staff_and_editors_without_the_permission_are_refused(
    client, editor_without_trials, queue
):
    for url in (LIST_URL, review_url(queue["big"]), bulk_confirm_url(queue["big"])):
        assert client.get(url).status_code == 302  # to the login page
    client.force_login(editor_without_trials)
    assert client.get(LIST_URL).status_code in (302, 403)
    assert client.get(review_url(queue["big"])).status_code in (302, 403)
    assert client.post(review_url(queue["big"]), {"decision": "exclude"}).status_code in (302, 403)
    assert client.post(bulk_confirm_url(queue["big"])).status_code in (302, 403)
    queue["big"].refresh_from_db()
    assert queue["big"].review == Review.UNREVIEWED
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "data-mappings-count" not in home


def test_nobody_adds_or_deletes_mappings_in_the_admin(client, admin_user, queue):
    client.force_login(admin_user)
    assert client.get("/admin/trials/mappings/add/").status_code in (302, 403)
    response = client.post(f"/admin/trials/mappings/delete/{queue['big'].pk}/")
    assert response.status_code in (302, 403)
    assert SponsorMapping.objects.filter(pk=queue["big"].pk).exists()


def test_sponsors_list_and_edit_links_an_organisation(client, admin_user):
    organisation = OrganisationFactory(name="Sample Research Trust")
    sponsor = SponsorFactory(name="Sample Research")
    client.force_login(admin_user)
    listing = client.get("/admin/trials/sponsors/")
    assert listing.status_code == 200
    assert "Sample Research" in listing.content.decode()
    edit_url = reverse("trials_sponsor:edit", args=[sponsor.pk])
    assert client.get(edit_url).status_code == 200
    response = client.post(
        edit_url,
        {"name": "Sample Research", "sponsor_class": "OTHER", "organisation": organisation.pk},
    )
    assert response.status_code == 302
    sponsor.refresh_from_db()
    assert (sponsor.sponsor_class, sponsor.organisation) == ("OTHER", organisation)


def test_registry_imports_are_listed_read_only(client, admin_user):
    registry_import = RegistryImport.objects.create(
        source=RegistryImport.Source.FILE,
        label="ctgov-2026-12.zip",
        studies_read=12,
        problems={"missing module: statusModule": 3, "unknown overallStatus: PAUSED": 1},
    )
    client.force_login(admin_user)
    page = client.get("/admin/trials/imports/").content.decode()
    assert "ctgov-2026-12.zip" in page
    assert "missing module: statusModule (3); unknown overallStatus: PAUSED (1)" in page
    assert client.get("/admin/trials/imports/add/").status_code in (302, 403)
    inspect = client.get(reverse("trials_import:inspect", args=[registry_import.pk]))
    assert inspect.status_code == 200
