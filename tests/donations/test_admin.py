"""Editors see donations in the Wagtail admin: filters, totals, refunds, monthly donors,
and the Gift Aid claim schedule in HMRC's columns. Nobody edits money records there."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from tests.factories import DonationFactory, GiftAidDeclarationFactory, PaymentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("editor@example.org", "a-long-passphrase-42")
    group = Group.objects.create(name="Fundraisers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_donation"),
        Permission.objects.get(codename="view_payment"),
    )
    user.groups.add(group)
    client.force_login(user)
    return user


@pytest.fixture
def donations(db):
    when = timezone.make_aware(datetime.datetime(2026, 10, 14, 12, 0))
    gift_aided = DonationFactory(name="Ada Lovelace", status="paid", amount_minor=2500)
    GiftAidDeclarationFactory(donation=gift_aided)
    PaymentFactory(donation=gift_aided, paid_at=when)
    monthly = DonationFactory(
        name="Grace Hopper", frequency="monthly", status="active", currency="EUR", amount_minor=1000
    )
    PaymentFactory(donation=monthly, stripe_id="in_1", paid_at=when)
    PaymentFactory(donation=monthly, stripe_id="in_2", paid_at=when + datetime.timedelta(days=31))
    refunded = DonationFactory(name="Refunded Rita", status="refunded", amount_minor=5000)
    PaymentFactory(donation=refunded, status="refunded", amount_refunded_minor=5000, paid_at=when)
    DonationFactory(name="Pending Pat")  # never paid: counts for nothing
    return {"gift_aided": gift_aided, "monthly": monthly, "refunded": refunded}


def _names(response) -> set[str]:
    text = response.content.decode()
    return {
        name
        for name in ["Ada Lovelace", "Grace Hopper", "Refunded Rita", "Pending Pat"]
        if name in text
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Ada Lovelace", "Grace Hopper", "Refunded Rita", "Pending Pat"}),
        ("?status=refunded", {"Refunded Rita"}),
        ("?currency=EUR", {"Grace Hopper"}),
        ("?frequency=monthly", {"Grace Hopper"}),
        ("?gift_aid=true", {"Ada Lovelace"}),
        ("?status=pending", {"Pending Pat"}),
        ("?created_at_from=2000-01-01&created_at_to=2000-12-31", set()),
        ("?q=grace", {"Grace Hopper"}),
    ],
)
def test_donation_list_filters(editor, client, donations, query, expected):
    response = client.get(f"/admin/donations/donation/{query}")
    assert response.status_code == 200
    assert _names(response) == expected


def test_refunds_are_listed(editor, client, donations):
    response = client.get("/admin/donations/payment/?refunded=true")
    assert response.status_code == 200
    assert "Refunded Rita" in response.content.decode()
    assert "Ada Lovelace" not in response.content.decode()


def test_totals_by_month_and_currency_and_active_monthly_donors(editor, client, donations):
    response = client.get("/admin/donations/totals/")
    text = response.content.decode()
    assert response.status_code == 200
    months = {(row.month, row.currency): row for row in response.context["months"]}
    october_gbp = months[(datetime.date(2026, 10, 1), "GBP")]
    assert (october_gbp.received_minor, october_gbp.refunded_minor, october_gbp.net_minor) == (
        7500,
        5000,
        2500,
    )
    assert months[(datetime.date(2026, 10, 1), "EUR")].received_minor == 1000
    assert months[(datetime.date(2026, 11, 1), "EUR")].received_minor == 1000
    assert response.context["monthly"] == [{"currency": "EUR", "donors": 1, "monthly": "€10"}]
    assert "£75" in text and "£50" in text


def test_gift_aid_claim_export_in_hmrc_columns(editor, client, donations):
    response = client.get("/admin/donations/gift-aid/?start=2026-10-01&end=2026-10-31&format=csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        [
            "Title",
            "First name",
            "Last name",
            "House name or number",
            "Postcode",
            "Aggregated donations",
            "Sponsored yes/blank",
            "Donation date (DD/MM/YY)",
            "Amount",
        ],
        ["Dr", "Ada", "Lovelace", "12", "SW1Y 4JH", "", "", "14/10/26", "25.00"],
    ]


def test_gift_aid_claim_leaves_out_refunds_euros_and_undeclared(editor, client, donations):
    GiftAidDeclarationFactory(donation=donations["refunded"])
    response = client.get("/admin/donations/gift-aid/?start=2026-01-01&end=2026-12-31&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 2  # headings and Ada's payment only


def test_gift_aid_claim_with_bad_dates_explains(editor, client, donations):
    response = client.get("/admin/donations/gift-aid/?start=2026-12-01&end=2026-01-01")
    assert response.status_code == 200
    assert "end date must be on or after the start date" in response.content.decode()


def test_nobody_adds_edits_or_deletes_money_records(admin_client, donations):
    pk = donations["gift_aided"].pk
    assert admin_client.get("/admin/donations/donation/new/").status_code in (302, 403, 404)
    assert admin_client.get(f"/admin/donations/donation/edit/{pk}/").status_code in (302, 403, 404)
    assert admin_client.get(f"/admin/donations/donation/delete/{pk}/").status_code in (
        302,
        403,
        404,
    )
    inspect = admin_client.get(f"/admin/donations/donation/inspect/{pk}/")
    assert inspect.status_code == 200
    assert "£25 paid on 14 Oct 2026" in inspect.content.decode()
    assert "Gift Aid: Ada Lovelace, SW1Y 4JH" in inspect.content.decode()


def test_users_without_permission_see_nothing(client, django_user_model, donations):
    user = django_user_model.objects.create_user("writer@example.org", "a-long-passphrase-42")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/donations/donation/").status_code in (302, 403)
    assert client.get("/admin/donations/totals/").status_code in (302, 403)
    assert client.get(
        "/admin/donations/gift-aid/?start=2026-01-01&end=2026-12-31&format=csv"
    ).status_code in (302, 403)


def test_dashboard_shows_this_month_to_those_who_may_see_donations(editor, client):
    this_month = timezone.now()
    PaymentFactory(amount_minor=1500, donation__amount_minor=1500, paid_at=this_month)
    response = client.get("/admin/")
    text = response.content.decode()
    assert "Donations this month" in text
    assert "£15" in text


def test_dashboard_panel_hidden_without_permission(admin_client, django_user_model, client):
    user = django_user_model.objects.create_user("writer@example.org", "a-long-passphrase-42")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert "Donations this month" not in client.get("/admin/").content.decode()


def test_every_editor_is_told_on_the_dashboard_that_donations_are_switched_off(
    django_user_model, client
):
    """Without Stripe's keys, the warning says what it means for the site and whom to ask,
    even to an editor who may not see donations."""
    user = django_user_model.objects.create_user("writer@example.org", "a-long-passphrase-42")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    text = " ".join(client.get("/admin/").content.decode().split())
    assert "Donations are switched off until the Stripe keys are set" in text
    assert "ask whoever runs the site to set STRIPE_SECRET_KEY" in text


def test_the_dashboard_warning_goes_once_stripe_is_set(editor, client, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    text = client.get("/admin/").content.decode()
    assert "Donations this month" in text
    assert "Donations are switched off" not in text


CLAIM = "/admin/donations/gift-aid/?start=2026-10-01&end=2026-10-31"


def _claim_lines(client, url=CLAIM) -> int:
    rows = list(csv.reader(io.StringIO(client.get(url + "&format=csv").content.decode())))
    return len(rows) - 1


def test_a_payment_marked_as_claimed_is_left_out_of_later_claims(admin_client, donations):
    from donations.models import Payment

    page = admin_client.get(CLAIM)
    assert "Mark these as claimed" in page.content.decode()
    assert _claim_lines(admin_client) == 1
    payment = Payment.objects.get(donation=donations["gift_aided"])

    response = admin_client.post(
        "/admin/donations/gift-aid/",
        {"payment_ids": str(payment.pk), "start": "2026-10-01", "end": "2026-10-31"},
    )
    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.gift_aid_claimed_at is not None
    assert payment.gift_aid_claimed_by is not None
    assert _claim_lines(admin_client) == 0
    assert "left to claim" in admin_client.get(CLAIM).content.decode()
    # A past claim can be seen again.
    assert _claim_lines(admin_client, CLAIM + "&include_claimed=1") == 1


def test_marking_twice_or_marking_the_unclaimable_changes_nothing(admin_client, donations):
    from donations.models import Payment

    euro = Payment.objects.filter(donation=donations["monthly"]).first()
    gift_aided = Payment.objects.get(donation=donations["gift_aided"])
    ids = f"{gift_aided.pk},{euro.pk}"
    admin_client.post("/admin/donations/gift-aid/", {"payment_ids": ids})
    first = Payment.objects.get(pk=gift_aided.pk).gift_aid_claimed_at
    admin_client.post("/admin/donations/gift-aid/", {"payment_ids": ids})
    assert Payment.objects.get(pk=gift_aided.pk).gift_aid_claimed_at == first
    assert Payment.objects.get(pk=euro.pk).gift_aid_claimed_at is None
    garbled = admin_client.post("/admin/donations/gift-aid/", {"payment_ids": "1,x"}, follow=True)
    assert "not readable" in garbled.content.decode()


def test_editors_who_only_view_cannot_mark_a_claim(editor, client, donations):
    from donations.models import Payment

    assert "Mark these as claimed" not in client.get(CLAIM).content.decode()
    payment = Payment.objects.get(donation=donations["gift_aided"])
    response = client.post("/admin/donations/gift-aid/", {"payment_ids": str(payment.pk)})
    # Wagtail answers a refusal with a redirect to the dashboard and a message.
    assert response.status_code in (302, 403)
    assert response.get("Location", "/admin/") == "/admin/"
    payment.refresh_from_db()
    assert payment.gift_aid_claimed_at is None


@pytest.mark.parametrize("frequency", ["one_off", "monthly"])
def test_a_donation_without_gift_aid_can_be_inspected(admin_client, frequency):
    donation = DonationFactory(name="Plain Pat", frequency=frequency, status="paid")

    inspect = admin_client.get(f"/admin/donations/donation/inspect/{donation.pk}/")

    assert inspect.status_code == 200
    assert "Plain Pat" in inspect.content.decode()
    assert "No Gift Aid declaration" in inspect.content.decode()


def test_the_claim_form_starts_with_this_month_in_the_browsers_date_format(admin_client):
    """A date input shows only an ISO date (2026-10-01); any other value leaves it blank."""
    page = admin_client.get("/admin/donations/gift-aid/").content.decode()

    today = timezone.localdate()
    assert f'value="{today.replace(day=1).isoformat()}"' in page
    assert f'value="{today.isoformat()}"' in page
