"""Editors watch petitions in the Wagtail admin: lists, filters, bulk decisions, reports, dashboard."""

import datetime
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from petitions import services, tasks
from petitions.admin.charts import signatures_per_day
from petitions.counts import petition_count_refresh, petition_tally
from petitions.models import Signature, Status
from tests.factories import PetitionPageFactory, SignatureFactory

pytestmark = pytest.mark.django_db

SIGNATURES_URL = "/admin/petitions/signatures/"
PETITIONS_URL = "/admin/petitions/"


def report_url(petition) -> str:
    return f"{PETITIONS_URL}{petition.pk}/"


def bulk_url(action: str, *signatures, next_url: str = SIGNATURES_URL, **listing) -> str:
    """The confirmation URL the listing's bulk-action bar builds for the selected rows."""
    url = reverse("wagtail_bulk_action", args=["petitions", "signature", action])
    query = [("id", signature.pk) for signature in signatures]
    query += [*listing.items(), ("next", next_url)]
    return f"{url}?{urlencode(query)}"


def page(response) -> str:
    assert response.status_code == 200, response.get("Location")
    return response.content.decode()


def flagged(petition, **kwargs) -> Signature:
    kwargs.setdefault("flag_reason", "many signatures from one internet address")
    return SignatureFactory(petition=petition, flagged=True, **kwargs)


@pytest.fixture
def moderator(django_user_model):
    """A member of Wagtail's own Moderators group, with only what the migrations gave it."""
    user = django_user_model.objects.create_user(email="moderator@example.org", password="x")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def editor_without_signatures(django_user_model):
    """An editor who may use the admin but has no permission on signatures."""
    user = django_user_model.objects.create_user(email="editor@example.org", password="x")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


@pytest.fixture
def viewer(editor_without_signatures):
    """Staff who may read and export signatures but not decide on them."""
    editor_without_signatures.user_permissions.add(
        Permission.objects.get(content_type__app_label="petitions", codename="view_signature")
    )
    return editor_without_signatures


# --- Menu, lists and permissions ---------------------------------------------------


def test_moderators_group_is_given_view_and_change_on_signatures():
    codenames = set(
        Group.objects.get(name="Moderators")
        .permissions.filter(content_type__app_label="petitions")
        .values_list("codename", flat=True)
    )
    assert codenames == {"view_signature", "change_signature"}


def test_petitions_menu_leads_to_petitions_and_signatures(client, admin_user):
    client.force_login(admin_user)
    home = page(client.get(reverse("wagtailadmin_home")))
    assert '"Petitions"' in home
    assert PETITIONS_URL in home
    assert SIGNATURES_URL in home
    assert reverse("petitions_signature:list") == SIGNATURES_URL


@pytest.mark.parametrize("who", ["admin_user", "moderator"])
def test_lists_and_report_render_for_superusers_and_moderators(client, request, petition, who):
    SignatureFactory(petition=petition, name="Visible Signer", email="visible@example.org")
    client.force_login(request.getfixturevalue(who))

    overview = page(client.get(PETITIONS_URL))
    assert "Register all trials" in overview
    assert report_url(petition) in overview
    assert f"{SIGNATURES_URL}?petition={petition.pk}" in overview

    listing = page(client.get(SIGNATURES_URL))
    assert "Visible Signer" in listing
    assert "visible@example.org" in listing
    assert "Register all trials" in listing

    assert "Signatures per day" in page(client.get(report_url(petition)))


def test_users_without_permission_reach_none_of_it(client, petition, editor_without_signatures):
    signature = flagged(petition)
    client.force_login(editor_without_signatures)

    home = page(client.get(reverse("wagtailadmin_home")))
    assert SIGNATURES_URL not in home
    assert "Petition signatures" not in home
    for url in (
        PETITIONS_URL,
        SIGNATURES_URL,
        report_url(petition),
        f"{report_url(petition)}signatures.csv",
        reverse("petitions_signature:inspect", args=[signature.pk]),
    ):
        assert client.get(url).status_code == 302, url
    for action in ("invalidate", "accept"):
        assert client.get(bulk_url(action, signature)).status_code == 302
        assert client.post(bulk_url(action, signature)).status_code == 302
    signature.refresh_from_db()
    assert (signature.status, signature.flagged) == (Status.CONFIRMED, True)


def test_anonymous_visitors_are_sent_to_sign_in(client, petition):
    for url in (PETITIONS_URL, SIGNATURES_URL, report_url(petition)):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_view_only_staff_can_read_but_not_decide(client, petition, viewer):
    signature = flagged(petition, name="Flagged Signer")
    client.force_login(viewer)

    listing = page(client.get(SIGNATURES_URL))
    assert "Flagged Signer" in listing
    assert "/admin/bulk/petitions/signature/invalidate/" not in listing
    assert client.post(bulk_url("invalidate", signature)).status_code == 302
    signature.refresh_from_db()
    assert signature.status == Status.CONFIRMED


def test_nobody_adds_edits_or_deletes_signatures_by_hand(client, petition, admin_user):
    signature = SignatureFactory(petition=petition, name="Untouchable")
    client.force_login(admin_user)

    listing = page(client.get(SIGNATURES_URL))
    assert reverse("petitions_signature:add") not in listing
    assert "/admin/bulk/petitions/signature/delete/" not in listing
    inspect_url = reverse("petitions_signature:inspect", args=[signature.pk])
    assert inspect_url in listing  # the name opens the details, not an edit form

    assert client.get(reverse("petitions_signature:add")).status_code == 302
    edit = client.post(
        reverse("petitions_signature:edit", args=[signature.pk]), {"name": "Changed"}
    )
    assert edit.status_code == 302
    assert edit["Location"] == inspect_url
    delete_url = reverse("petitions_signature:delete", args=[signature.pk])
    assert client.post(delete_url).status_code == 302
    bulk_delete = reverse("wagtail_bulk_action", args=["petitions", "signature", "delete"])
    client.post(f"{bulk_delete}?id={signature.pk}")
    signature.refresh_from_db()
    assert signature.name == "Untouchable"

    details = page(client.get(inspect_url))
    assert "Untouchable" in details
    assert signature.email in details


def test_erased_signatures_show_as_erased(client, petition, admin_user):
    SignatureFactory(petition=petition, name="", email="erased-1@invalid", erased_at=timezone.now())
    client.force_login(admin_user)
    listing = page(client.get(SIGNATURES_URL))
    assert "(erased)" in listing
    assert "erased-1@invalid" not in listing


# --- Filters and search ------------------------------------------------------------------


def test_each_filter_narrows_the_list(client, petition, site_tree, admin_user):
    other = PetitionPageFactory(parent=site_tree["home"], title="Another petition")
    SignatureFactory(petition=petition, name="Confirmed Briton", country="GB")
    SignatureFactory(
        petition=petition,
        name="Pending French",
        country="FR",
        status=Status.PENDING,
        created_at=timezone.now() - datetime.timedelta(days=10),
    )
    flagged(petition, name="Flagged German", country="DE")
    flagged(petition, name="Invalid Flagged", country="DE", status=Status.INVALID)
    SignatureFactory(petition=other, name="Other Petitioner", country="GB")
    client.force_login(admin_user)

    def names(**params) -> set[str]:
        listing = page(client.get(SIGNATURES_URL, params))
        everyone = {
            "Confirmed Briton",
            "Pending French",
            "Flagged German",
            "Invalid Flagged",
            "Other Petitioner",
        }
        return {name for name in everyone if name in listing}

    assert len(names()) == 5
    assert names(petition=other.pk) == {"Other Petitioner"}
    assert names(status=Status.PENDING) == {"Pending French"}
    assert names(country="DE") == {"Flagged German", "Invalid Flagged"}
    assert names(flagged="true") == {"Flagged German", "Invalid Flagged"}
    assert "Flagged German" not in names(flagged="false")
    assert names(awaiting_review="true") == {"Flagged German"}
    assert "Flagged German" not in names(awaiting_review="false")
    ten_days_ago = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    assert names(created_at_from=ten_days_ago, created_at_to=ten_days_ago) == {"Pending French"}
    assert "Pending French" not in names(created_at_from=timezone.localdate().isoformat())
    # Filters combine.
    assert names(petition=petition.pk, country="GB") == {"Confirmed Briton"}


def test_search_finds_email_or_name_ignoring_case(client, petition, admin_user):
    SignatureFactory(petition=petition, name="Ann Example", email="ann@hospital.example.org")
    SignatureFactory(petition=petition, name="Bob Other", email="bob@example.net")
    client.force_login(admin_user)

    for query in ("HOSPITAL.example", "ann@", "ann exa"):
        listing = page(client.get(SIGNATURES_URL, {"q": query}))
        assert "Ann Example" in listing, query
        assert "Bob Other" not in listing, query
    results = page(client.get(f"{SIGNATURES_URL}results/", {"q": "bob@example.net"}))
    assert "Bob Other" in results
    assert "Ann Example" not in results


def test_list_queries_do_not_grow_with_rows(
    client, petition, admin_user, django_assert_max_num_queries
):
    SignatureFactory.create_batch(3, petition=petition)
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as few:
        page(client.get(SIGNATURES_URL))
    SignatureFactory.create_batch(30, petition=petition)
    with django_assert_max_num_queries(len(few)):
        page(client.get(SIGNATURES_URL))


# --- Bulk invalidate and accept --------------------------------------------------------------


def test_bulk_invalidate_asks_first_then_invalidates_and_the_count_follows(
    client, petition, moderator, committed
):
    counted = SignatureFactory(petition=petition, name="Bot Looking Real")
    first = flagged(petition, name="Flood One")
    second = flagged(petition, name="Flood Two")
    SignatureFactory(petition=petition, name="Genuine Signer")
    assert petition_count_refresh(petition.pk).total == 2
    client.force_login(moderator)
    url = bulk_url("invalidate", counted, first, second)

    confirmation = page(client.get(url))
    for name in ("Bot Looking Real", "Flood One", "Flood Two"):
        assert name in confirmation
    assert 'data-applicable-count="3"' in confirmation
    assert 'method="POST"' in confirmation
    assert Signature.objects.filter(status=Status.INVALID).count() == 0  # GET changes nothing

    with committed():
        response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == SIGNATURES_URL

    for signature in (counted, first, second):
        signature.refresh_from_db()
        assert signature.status == Status.INVALID
        assert signature.reviewed_by == moderator
        assert signature.reviewed_at is not None
    assert petition_tally(petition.pk).total == 1  # refreshed after commit
    assert petition_count_refresh(petition.pk).total == 1
    assert "Invalidated 3 signatures." in page(client.get(SIGNATURES_URL))


def test_bulk_accept_clears_the_flag_and_the_signatures_count(
    client, petition, moderator, committed
):
    SignatureFactory(petition=petition)
    first = flagged(petition, name="Busy Library One", country="FR")
    second = flagged(petition, name="Busy Library Two", country="FR")
    already_invalid = flagged(petition, name="Known Bot", status=Status.INVALID)
    assert petition_count_refresh(petition.pk).total == 1
    client.force_login(moderator)
    url = bulk_url("accept", first, second, already_invalid)

    confirmation = page(client.get(url))
    assert 'data-applicable-count="2"' in confirmation
    assert 'data-not-applicable-count="1"' in confirmation

    with committed():
        assert client.post(url).status_code == 302

    for signature in (first, second):
        signature.refresh_from_db()
        assert (signature.flagged, signature.status) == (False, Status.CONFIRMED)
        assert signature.reviewed_by == moderator
    already_invalid.refresh_from_db()
    assert (already_invalid.flagged, already_invalid.status) == (True, Status.INVALID)
    tally = petition_tally(petition.pk)
    assert tally.total == 3
    assert tally.by_country == {"GB": 1, "FR": 2}


def test_bulk_accept_sends_the_held_confirmations_once_each(
    client, petition, moderator, settings, committed
):
    """Signatures held past the per-address limit got no email; accepting them sends each
    its confirmation link, once, however often the sending runs."""
    settings.PETITION_RATE_LIMIT_IP = "1/h"
    with committed():
        for n in range(3):
            services.signature_create(
                petition=petition,
                name=f"Nurse {n}",
                email=f"nurse{n}@hospital.example",
                country="GB",
                ip="198.51.100.50",
            )
    assert [message.to for message in mail.outbox] == [["nurse0@hospital.example"]]
    held = list(Signature.objects.filter(confirmation_held=True).order_by("pk"))
    assert len(held) == 2
    client.force_login(moderator)
    url = bulk_url("accept", *held)

    confirmation = page(client.get(url))
    assert "2 of them have had no email yet" in confirmation

    with committed():
        assert client.post(url).status_code == 302
    assert sorted(message.to[0] for message in mail.outbox[1:]) == [
        "nurse1@hospital.example",
        "nurse2@hospital.example",
    ]
    assert "/petitions/confirm/" in mail.outbox[1].body
    assert not Signature.objects.filter(confirmation_held=True).exists()
    tasks.send_accepted_confirmations.call()
    with committed():
        client.post(url)
    assert len(mail.outbox) == 3


def test_held_signatures_say_so_in_the_list(client, petition, admin_user, settings):
    settings.PETITION_RATE_LIMIT_IP = "1/h"
    for n in range(2):
        services.signature_create(
            petition=petition, name=f"P{n}", email=f"p{n}@x.example", country="GB", ip="192.0.2.1"
        )
    client.force_login(admin_user)
    listing = page(client.get(SIGNATURES_URL))
    assert "held for review" in listing
    assert "no email sent yet" in listing


def test_select_all_in_listing_acts_on_the_filtered_rows_only(
    client, petition, site_tree, admin_user, committed
):
    other = PetitionPageFactory(parent=site_tree["home"], title="Another petition")
    here = [flagged(petition) for _ in range(3)]
    elsewhere = flagged(other)
    unflagged = SignatureFactory(petition=petition)
    client.force_login(admin_user)
    url = bulk_url("invalidate", petition=petition.pk, awaiting_review="true")
    url = url.replace("?", "?id=all&", 1)

    assert 'data-applicable-count="3"' in page(client.get(url))
    with committed():
        client.post(url)

    assert {s.pk for s in Signature.objects.filter(status=Status.INVALID)} == {s.pk for s in here}
    elsewhere.refresh_from_db()
    unflagged.refresh_from_db()
    assert elsewhere.status == unflagged.status == Status.CONFIRMED


def test_the_bulk_bar_offers_accept_and_invalidate(client, petition, moderator):
    flagged(petition)
    client.force_login(moderator)
    listing = page(client.get(SIGNATURES_URL))
    assert "/admin/bulk/petitions/signature/accept/" in listing
    assert "/admin/bulk/petitions/signature/invalidate/" in listing
    assert "/admin/bulk/petitions/signature/delete/" not in listing


# --- Petitions overview and report -------------------------------------------------------------


def test_overview_shows_state_public_count_pending_and_flagged(client, petition, admin_user):
    SignatureFactory.create_batch(2, petition=petition)
    SignatureFactory(petition=petition, status=Status.PENDING)
    flagged(petition)
    flagged(petition, status=Status.PENDING)
    flagged(petition, status=Status.INVALID)  # decided: not awaiting review
    petition_count_refresh(petition.pk)
    client.force_login(admin_user)

    overview = page(client.get(PETITIONS_URL))
    row = overview.split(f'data-petition="{petition.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "Open" in row
    assert "<td data-public-count>2</td>" in row
    assert "<td data-pending>2</td>" in row
    assert f"?petition={petition.pk}&amp;awaiting_review=true" in row
    assert ">2</a></td>" in row  # flagged, awaiting review


def test_report_counts_by_status_per_day_and_by_country(client, petition, admin_user):
    today = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    two_days_ago = today - datetime.timedelta(days=2)
    for _ in range(3):
        SignatureFactory(petition=petition, created_at=two_days_ago, country="FR")
    SignatureFactory(petition=petition, created_at=two_days_ago, status=Status.PENDING)
    SignatureFactory(petition=petition, created_at=today, country="GB")
    flagged(petition, created_at=today, country="GB")
    SignatureFactory(petition=petition, created_at=today, country="", status=Status.CONFIRMED)
    petition_count_refresh(petition.pk)
    client.force_login(admin_user)

    report = page(client.get(report_url(petition)))
    totals = report.split("data-totals", 1)[1].split("</table>", 1)[0]
    assert '<td data-total="public">5</td>' in totals
    assert '<td data-total="confirmed">6</td>' in totals
    assert '<td data-total="pending">1</td>' in totals
    assert '<td data-total="awaiting_review">1</td>' in totals
    assert '<td data-total="all">7</td>' in totals

    chart = report.split("<svg data-chart", 1)[1].split("</svg>", 1)[0]
    day = two_days_ago.date()
    assert f'data-day="{day:%Y-%m-%d}" data-total="4" data-counted="3"' in chart
    gap = day + datetime.timedelta(days=1)
    assert f'data-day="{gap:%Y-%m-%d}" data-total="0" data-counted="0"' in chart
    assert f'data-day="{today:%Y-%m-%d}" data-total="3" data-counted="2"' in chart
    assert "<script" not in report.split("data-chart", 1)[1].split("</svg>", 1)[0]

    countries = report.split("data-by-country", 1)[1].split("</table>", 1)[0]
    assert countries.index("France") < countries.index("United Kingdom")
    assert '<tr data-country="FR"><td>France</td><td>3</td></tr>' in countries
    assert '<tr data-country="GB"><td>United Kingdom</td><td>1</td></tr>' in countries
    assert '<tr data-country="none"><td>Not given</td><td>1</td></tr>' in countries

    assert f"{report_url(petition)}signatures.csv" in report
    assert f"{SIGNATURES_URL}?petition={petition.pk}" in report


def test_signatures_per_day_is_one_grouped_query(petition, django_assert_num_queries):
    for days_ago in range(30):
        SignatureFactory(
            petition=petition, created_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
    with django_assert_num_queries(1):
        days = signatures_per_day(petition)
    assert len(days) in (30, 31)  # thirty days, crossing midnight or not
    assert sum(day["total"] for day in days) == 30


def test_report_of_a_missing_petition_is_not_found(client, admin_user):
    client.force_login(admin_user)
    assert client.get(f"{PETITIONS_URL}999999/").status_code == 404


# --- Dashboard -----------------------------------------------------------------------------


def test_dashboard_panel_counts_confirmed_today_and_flagged_awaiting_review(
    client, petition, moderator
):
    now = timezone.now()
    SignatureFactory.create_batch(2, petition=petition, confirmed_at=now)
    SignatureFactory(petition=petition, confirmed_at=now - datetime.timedelta(days=2))
    flagged(petition, confirmed_at=now - datetime.timedelta(days=3))
    flagged(petition, status=Status.PENDING)
    flagged(petition, status=Status.INVALID)
    client.force_login(moderator)

    home = page(client.get(reverse("wagtailadmin_home")))
    assert "Petition signatures" in home
    assert "<strong data-confirmed-today>2</strong>" in home
    assert "<strong data-awaiting-review>2</strong>" in home
    assert f"{SIGNATURES_URL}?awaiting_review=true" in home


def test_dashboard_panel_counts_attempts_the_ceiling_refused_in_the_last_hour(
    client, petition, moderator, settings
):
    client.force_login(moderator)
    home = page(client.get(reverse("wagtailadmin_home")))
    assert "data-refused-attempts" not in home  # nothing refused: nothing to say

    settings.PETITION_RATE_LIMIT_IP = "1/h"
    settings.PETITION_IP_CEILING = "1/h"
    for ip, n in [("203.0.113.1", 4), ("203.0.113.2", 2)]:
        for i in range(n):
            services.signature_create(
                petition=petition, name="Bot", email=f"b{i}.{ip}@x.example", country="GB", ip=ip
            )
    home = page(client.get(reverse("wagtailadmin_home")))
    assert "<strong data-refused-attempts>4</strong>" in home
    assert "<strong data-refused-addresses>2</strong>" in home
