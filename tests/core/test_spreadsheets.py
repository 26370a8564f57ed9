"""Every spreadsheet the admin hands out is safe to open: no cell a visitor typed runs as a
formula, in CSV or in XLSX, and the visitor's text is still there to read."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from core.spreadsheets import defuse_formula
from tests.factories import (
    DonationFactory,
    GiftAidDeclarationFactory,
    OrganisationFactory,
    PaymentFactory,
    PetitionPageFactory,
    SignatureFactory,
    SubscriberFactory,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Ann Example", "Ann Example"),
        ("", ""),
        (42, 42),
        (None, None),
    ],
)
def test_cells_a_spreadsheet_would_run_become_text(value, expected):
    assert defuse_formula(value) == expected


# --- Every export in the admin ---------------------------------------------------------

FORMULA = '=HYPERLINK("http://evil.example/","Click me")'
PLUS = "+SUM(1,2)"
MINUS = "-2+3"
AT = "@SUM(A1:A9)"
# A control character XML cannot hold: openpyxl refuses it outright.
CONTROL = "Bell\x07 and\x1b escape"
# Gift Aid declarations hold HMRC's short fields (a title of 4, a postcode of 8).
SHORT = {"title": "@Dr", "first_name": '=HYPERLINK("http://e.vil")', "postcode": "+1 2AB"}
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile(site_tree):
    """Rows in every export whose text a visitor (or Stripe) chose."""
    when = timezone.make_aware(datetime.datetime(2026, 10, 14, 12, 0))
    OrganisationFactory(name=FORMULA, contact_name=PLUS, contact_role=AT)
    OrganisationFactory(name=CONTROL, contact_name=MINUS)
    SubscriberFactory(email="=reader@example.org", first_name=FORMULA, source=MINUS, sync_error=AT)
    SubscriberFactory(first_name=CONTROL, source_url=PLUS)
    donation = DonationFactory(name=FORMULA, email="@donor@example.org", status="paid")
    DonationFactory(name=CONTROL, status="paid")
    GiftAidDeclarationFactory(donation=donation, last_name=MINUS, **SHORT)
    PaymentFactory(donation=donation, stripe_id=FORMULA, paid_at=when)
    petition = PetitionPageFactory(parent=site_tree["home"], slug="petition", publish=True)
    SignatureFactory(petition=petition, name=FORMULA, comment=PLUS, postcode=AT)
    SignatureFactory(petition=petition, name=CONTROL, comment=MINUS)
    return {"petition": petition}


def _body(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv_cells(response) -> list[str]:
    text = _body(response).decode("utf-8").removeprefix("\ufeff")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _xlsx_cells(response) -> list[openpyxl.cell.Cell]:
    workbook = openpyxl.load_workbook(io.BytesIO(_body(response)))
    return [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]


ADMIN_EXPORTS = {
    "supporters": ("/admin/supporters/organisation/", [FORMULA, PLUS, AT, CONTROL, MINUS]),
    "subscribers": ("/admin/updates/subscriber/", [FORMULA, MINUS, AT, CONTROL, PLUS]),
    "donations": ("/admin/donations/donation/", [FORMULA, "@donor@example.org", CONTROL]),
    "payments": ("/admin/donations/payment/", [FORMULA]),
}


@pytest.mark.parametrize("export", ADMIN_EXPORTS)
def test_csv_exports_turn_formulas_into_text(admin_client, hostile, export):
    url, typed = ADMIN_EXPORTS[export]

    cells = _csv_cells(admin_client.get(url, {"export": "csv"}))

    assert not [cell for cell in cells if cell.startswith(TRIGGERS)]
    for text in typed:
        expected = defuse_formula(text)
        assert expected in cells, (export, text)


@pytest.mark.parametrize("export", ADMIN_EXPORTS)
def test_xlsx_exports_hold_text_and_never_a_formula(admin_client, hostile, export):
    url, typed = ADMIN_EXPORTS[export]

    cells = _xlsx_cells(admin_client.get(url, {"export": "xlsx"}))

    formulas = [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert formulas == []
    values = [cell.value for cell in cells if isinstance(cell.value, str)]
    for text in typed:
        if text == CONTROL:
            # XML cannot hold these characters: each is replaced, the rest is kept.
            assert "Bell\ufffd and\ufffd escape" in values, export
        else:
            assert text in values, (export, text)
    # The cell is marked as text, so editing it in a spreadsheet keeps it text.
    assert all(cell.quotePrefix for cell in cells if cell.value == FORMULA)


def test_the_gift_aid_claim_turns_formulas_into_text(admin_client, hostile):
    cells = _csv_cells(
        admin_client.get("/admin/donations/gift-aid/?start=2026-10-01&end=2026-10-31&format=csv")
    )
    assert not [cell for cell in cells if cell.startswith(TRIGGERS)]
    for text in (*SHORT.values(), MINUS):
        assert defuse_formula(text) in cells, text


def test_the_signatures_export_turns_formulas_into_text(admin_client, hostile):
    petition = hostile["petition"]
    cells = _csv_cells(admin_client.get(f"/admin/petitions/{petition.pk}/signatures.csv"))
    assert not [cell for cell in cells if cell.startswith(TRIGGERS)]
    for text in (FORMULA, PLUS, AT, MINUS, CONTROL):
        assert defuse_formula(text) in cells, text


def test_the_signatures_xlsx_export_holds_text_and_never_a_formula(admin_client, hostile):
    petition = hostile["petition"]
    cells = _xlsx_cells(admin_client.get(f"/admin/petitions/{petition.pk}/signatures.xlsx"))
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    values = [cell.value for cell in cells if isinstance(cell.value, str)]
    for text in (FORMULA, PLUS, AT, MINUS):
        assert text in values, text
    csv_response = admin_client.get(f"/admin/petitions/{petition.pk}/signatures.csv")
    assert "no-store" in csv_response["Cache-Control"]  # personal data, never cached


# --- CSV is streamed --------------------------------------------------------------


def test_a_listing_csv_export_reads_its_rows_in_chunks_in_one_query(
    admin_client, django_assert_max_num_queries
):
    """Wagtail's listing export through core.spreadsheets: the rows come from a database
    iterator and leave a chunk at a time. More rows cost no more memory, and queries
    only per chunk of 500 (the subscribers' interests are prefetched chunk by chunk)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.spreadsheets import FormulaSafeExportMixin

    url = "/admin/updates/subscriber/"
    SubscriberFactory.create_batch(3)
    _csv_cells(admin_client.get(url, {"export": "csv"}))  # the first request fills caches
    with CaptureQueriesContext(connection) as few:
        response = admin_client.get(url, {"export": "csv"})
        assert len(_csv_cells(response)) > 0

    SubscriberFactory.create_batch(FormulaSafeExportMixin.csv_chunk_size + 20)
    with django_assert_max_num_queries(len(few) + 1):
        response = admin_client.get(url, {"export": "csv"})
        chunks = list(response.streaming_content)
    # The headings with the first 499 rows, then the remaining rows: two chunks.
    assert len(chunks) == 2
    # Personal data: Wagtail's admin (never_cache) keeps it out of every cache.
    assert "no-store" in response["Cache-Control"]
