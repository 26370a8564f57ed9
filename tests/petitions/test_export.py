"""The CSV export of a petition's signatures: its content, its filters, and that it streams."""

import csv
import datetime
import io
import tracemalloc

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from petitions.admin.exports import HEADINGS
from petitions.models import Signature, Status
from tests.factories import ConsentWordingFactory, PetitionPageFactory, SignatureFactory

pytestmark = pytest.mark.django_db


def export_url(petition) -> str:
    return f"/admin/petitions/{petition.pk}/signatures.csv"


def read_csv(response) -> list[dict]:
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="signatures-petition-' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # so Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def many_signatures(petition, n: int) -> None:
    """`n` confirmed signatures in a few statements (factories would take minutes)."""
    now = timezone.now()
    wording = ConsentWordingFactory()
    Signature.objects.bulk_create(
        (
            Signature(
                petition=petition,
                name=f"Bulk Signer {i}",
                email=f"bulk{i}@example.org",
                email_key=f"bulk{i}@example.org",
                email_domain="example.org",
                country="GB",
                postcode="SW1A 1AA",
                comment="Every trial should be registered and reported.",
                status=Status.CONFIRMED,
                created_at=now,
                confirmed_at=now,
                consent=wording,
                source_url="http://testserver/petition/",
            )
            for i in range(n)
        ),
        batch_size=2000,
    )


def test_export_has_every_column_and_row(client, petition, admin_user):
    signed = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 30))
    SignatureFactory(
        petition=petition,
        name="Ann Example",
        email="ann@example.org",
        country="FR",
        postcode="75001",
        comment="About time.",
        show_name=True,
        wants_updates=True,
        created_at=signed,
        confirmed_at=signed + datetime.timedelta(minutes=5),
        consent=ConsentWordingFactory(version="abc123"),
        source_url="http://testserver/petition/",
        language="es",
    )
    SignatureFactory(
        petition=petition,
        name="Flo Flagged",
        status=Status.PENDING,
        flagged=True,
        flag_reason="many signatures from one email domain (example.org)",
    )
    SignatureFactory(petition=PetitionPageFactory(parent=petition.get_parent()), name="Elsewhere")
    client.force_login(admin_user)

    rows = read_csv(client.get(export_url(petition)))
    assert list(rows[0]) == HEADINGS
    assert HEADINGS[:3] == ["Name", "Email", "Country"]
    assert [row["Name"] for row in rows] == ["Ann Example", "Flo Flagged"]  # oldest first
    ann, flo = rows
    assert ann == {
        "Name": "Ann Example",
        "Email": "ann@example.org",
        "Country": "France",
        "Country code": "FR",
        "Postcode": "75001",
        "Comment": "About time.",
        "Show name": "yes",
        "Wants updates": "yes",
        "Status": "Confirmed",
        "Flagged": "no",
        "Flag reason": "",
        "Signed at": timezone.localtime(signed).strftime("%Y-%m-%d %H:%M:%S"),
        "Confirmed at": timezone.localtime(signed + datetime.timedelta(minutes=5)).strftime(
            "%Y-%m-%d %H:%M:%S"
        ),
        "Consent version": "abc123",
        "Language": "es",
        "Source page": "http://testserver/petition/",
        "Imported from": "",
    }
    assert (flo["Status"], flo["Flagged"], flo["Confirmed at"]) == (
        "Waiting for email confirmation",
        "yes",
        "",
    )
    assert flo["Flag reason"] == "many signatures from one email domain (example.org)"


def test_cells_a_spreadsheet_would_run_as_formulas_are_defused(client, petition, admin_user):
    SignatureFactory(
        petition=petition,
        name='=HYPERLINK("http://evil.example","click")',
        comment="+1 from me",
        postcode="-2",
        email="at@example.org",
    )
    SignatureFactory(petition=petition, name="@SUM(A1:A9)", comment="Plain words - fine")
    client.force_login(admin_user)

    first, second = read_csv(client.get(export_url(petition)))
    assert first["Name"] == '\'=HYPERLINK("http://evil.example","click")'
    assert first["Comment"] == "'+1 from me"
    assert first["Postcode"] == "'-2"
    assert first["Email"] == "at@example.org"
    assert second["Name"] == "'@SUM(A1:A9)"
    assert second["Comment"] == "Plain words - fine"


def test_export_honours_the_lists_filters_and_search(client, petition, admin_user):
    SignatureFactory(petition=petition, name="Confirmed Briton", country="GB")
    SignatureFactory(petition=petition, name="Pending Briton", country="GB", status="pending")
    SignatureFactory(petition=petition, name="Confirmed German", country="DE")
    client.force_login(admin_user)

    def names(**params):
        return [row["Name"] for row in read_csv(client.get(export_url(petition), params))]

    assert names(status=Status.CONFIRMED, country="GB") == ["Confirmed Briton"]
    assert names(q="german") == ["Confirmed German"]
    # The petition in the address wins over one in the query string.
    other = PetitionPageFactory(parent=petition.get_parent())
    assert len(names(petition=other.pk)) == 3
    # A filter that does not parse exports nothing rather than everything.
    assert names(created_at_from="not-a-date") == []


def test_the_list_links_to_the_export_with_its_filters(client, petition, admin_user):
    SignatureFactory(petition=petition)
    client.force_login(admin_user)
    listing = client.get(
        "/admin/petitions/signatures/", {"petition": petition.pk, "status": "confirmed"}
    )
    assert f"{export_url(petition)}?status=confirmed" in listing.content.decode()


def test_export_needs_the_view_permission(client, petition, django_user_model):
    user = django_user_model.objects.create_user(email="staff@example.org", password="x")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(user)
    assert client.get(export_url(petition)).status_code == 302

    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="petitions", codename="view_signature")
    )
    assert read_csv(client.get(export_url(petition))) == []


def test_export_runs_the_same_queries_for_ten_rows_or_five_thousand(
    client, petition, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    many_signatures(petition, 10)
    with CaptureQueriesContext(connection) as few:
        assert len(read_csv(client.get(export_url(petition)))) == 10

    Signature.objects.all().delete()
    many_signatures(petition, 5000)
    with django_assert_max_num_queries(len(few)):
        assert len(read_csv(client.get(export_url(petition)))) == 5000


def _peak_memory_while_exporting(client, petition) -> tuple[int, int]:
    """Peak bytes allocated from the request to the last byte read, and the bytes sent.

    Measured around the whole request, so a view that read the rows before
    streaming them would show here as much as one that held them while writing.
    """
    sent = 0
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        response = client.get(export_url(petition))
        assert isinstance(response, StreamingHttpResponse)
        for chunk in response.streaming_content:  # the query runs in here
            sent += len(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, sent


def test_memory_does_not_grow_with_the_number_of_signatures(client, petition, admin_user):
    client.force_login(admin_user)

    many_signatures(petition, 1_000)
    # The first request in a process loads URLconfs, templates and code: not what is measured.
    _peak_memory_while_exporting(client, petition)
    small_peak, small_sent = _peak_memory_while_exporting(client, petition)

    Signature.objects.all().delete()
    many_signatures(petition, 10_000)
    large_peak, large_sent = _peak_memory_while_exporting(client, petition)

    assert large_sent > 8 * small_sent  # ten times the data went out...
    # ...through about the same memory. Holding the rows would need ~10x.
    assert large_peak < 1.5 * small_peak + 256 * 1024, (small_peak, large_peak)
