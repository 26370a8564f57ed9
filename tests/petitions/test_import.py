"""Signatures collected before this site: the imported baseline and the CSV import.

An editor records a number with its source, or uploads a CSV in the admin; the rows
are imported without emailing anyone, marked imported, counted (when the petition
says so) and found by personal-data requests.
"""

from __future__ import annotations

import datetime
import io
import json
import tracemalloc

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks.signals import task_enqueued

from core.models import EmailSend
from core.personal_data import personal_data_erase, personal_data_export
from petitions import services
from petitions.counts import count_from_rows, petition_count_refresh, petition_tally
from petitions.imports import ImportFileError, signature_import_run, signature_import_start
from petitions.models import Signature, SignatureImport, SignatureImportChunk, Status
from tests.factories import SignatureFactory
from updates.models import Subscriber

pytestmark = pytest.mark.django_db

HEADER = "name,email,country,signed_date,consent\n"
GOOD = (
    HEADER
    + "Ann Paper,ann@example.org,GB,2015-03-02,yes\n"
    + "Bo Earlier,bo@example.org,France,02/03/2019,no\n"
    + "Cy,cy@example.org,,2020-07-01 14:05,\n"
)


def import_url(petition) -> str:
    return f"/admin/petitions/{petition.pk}/import/"


def csv_file(text: str, name: str = "signatures.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def upload(client, petition, text: str, source: str = "Paper forms, 2013–2019", **extra):
    return client.post(import_url(petition), {"file": csv_file(text), "source": source, **extra})


def run_import(petition, text: str, source: str = "Paper forms") -> SignatureImport:
    """Stage and import a CSV as the upload page and its task do."""
    batch = signature_import_start(
        petition=petition, source=source, upload=io.BytesIO(text.encode())
    )
    return signature_import_run(batch_id=batch.pk)


@pytest.fixture
def enqueued_queues():
    queues = []

    def enqueued(sender, task_result, **kwargs):
        queues.append(task_result.task.queue_name)

    task_enqueued.connect(enqueued, dispatch_uid="test-import-enqueued")
    yield queues
    task_enqueued.disconnect(dispatch_uid="test-import-enqueued")


# --- The admin upload ------------------------------------------------------------------


def test_an_uploaded_csv_is_imported_confirmed_counted_and_nobody_is_emailed(
    admin_client, petition, committed, enqueued_queues
):
    with committed():
        response = upload(admin_client, petition, GOOD)
    assert response.status_code == 302
    batch = SignatureImport.objects.get()
    assert response["Location"] == f"/admin/petitions/imports/{batch.pk}/"
    assert (batch.rows, batch.imported, batch.duplicates, batch.invalid) == (3, 3, 0, 0)
    assert batch.is_finished and not SignatureImportChunk.objects.exists()

    ann = Signature.objects.get(email="ann@example.org")
    assert ann.status == Status.CONFIRMED and ann.is_imported
    assert ann.imported_source == "Paper forms, 2013–2019"
    assert timezone.localtime(ann.created_at).date() == datetime.date(2015, 3, 2)
    assert ann.confirmed_at == ann.created_at == ann.consent_given_at
    assert ann.wants_updates and ann.updates_consent is not None
    assert "Paper forms, 2013–2019" in ann.consent.text
    bo = Signature.objects.get(email="bo@example.org")
    assert (str(bo.country), timezone.localtime(bo.created_at).date()) == (
        "FR",
        datetime.date(2019, 3, 2),
    )
    assert not bo.wants_updates and bo.updates_consent is None
    assert Signature.objects.get(email="cy@example.org").country == ""

    # Nobody was emailed, no email was queued, nobody joined the updates list.
    assert mail.outbox == []
    assert not EmailSend.objects.exists()
    assert "emails" not in enqueued_queues
    assert not Subscriber.objects.exists()

    # Counted: the public count, the page, count.json and the widget.
    assert petition_tally(petition.pk).total == 3
    page = admin_client.get(petition.url).content.decode()
    assert "Including 3 collected before this site" in page
    count = json.loads(admin_client.get(petition.count_json_url()).content)
    assert (count["count"], count["earlier"], count["by_country"]) == (
        3,
        3,
        {"GB": 1, "FR": 1, "": 1},
    )
    assert "<strong>3</strong>" in admin_client.get(petition.widget_url()).content.decode()

    result = admin_client.get(response["Location"]).content.decode()
    assert 'data-import-state="finished"' in result
    assert 'data-figure="imported">3<' in result


def test_the_upload_page_lists_the_columns_and_earlier_imports(admin_client, petition):
    run_import(petition, GOOD, source="The earlier site")
    html = admin_client.get(import_url(petition)).content.decode()
    assert 'enctype="multipart/form-data"' in html
    for column in ("name", "email", "country", "signed_date", "consent"):
        assert f"<code>{column}</code>" in html
    assert "The earlier site" in html and "Finished" in html


def test_the_source_defaults_to_the_petitions_note(admin_client, petition):
    petition.earlier_signatures_note = "Collected on paper and on the earlier site, 2013–2024"
    petition.save_revision().publish()
    html = admin_client.get(import_url(petition)).content.decode()
    assert 'value="Collected on paper and on the earlier site, 2013–2024"' in html


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,email,country,consent\nAnn,ann@example.org,GB,yes\n", "no “signed_date” column"),
        ("email\nann@example.org\n", "no “name”, “country”, “signed_date”, “consent” columns"),
        ("", "The file is empty."),
        (HEADER, "no rows under its first line"),
        (HEADER + "Ann,ann@example.org,GB,2019-01-01,yes\n\n\n", None),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_whole(
    admin_client, petition, committed, text, message
):
    with committed():
        response = upload(admin_client, petition, text)
    if message is None:  # trailing blank lines are fine
        assert response.status_code == 302
        assert SignatureImport.objects.get().imported == 1
        return
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SignatureImport.objects.exists() and not Signature.objects.exists()


def test_a_file_that_is_not_utf8_text_is_an_error_not_a_500(admin_client, petition):
    latin1 = (HEADER + "Zoë,zoe@example.org,GB,2019-01-01,yes\n").encode("latin-1")
    response = admin_client.post(
        import_url(petition),
        {"file": SimpleUploadedFile("s.csv", latin1), "source": "Paper"},
    )
    assert response.status_code == 200
    assert "Line 2 is not UTF-8 text" in response.content.decode()
    binary = admin_client.post(
        import_url(petition),
        {"file": SimpleUploadedFile("s.csv", b"\x89PNG\r\n\x1a\n\x00\x00"), "source": "Paper"},
    )
    assert binary.status_code == 200
    assert not SignatureImport.objects.exists()


def test_the_form_asks_for_a_file_and_a_source_in_its_own_words(admin_client, petition):
    html = admin_client.post(import_url(petition), {}).content.decode()
    assert "Choose the CSV file to import." in html
    assert "Say where these signatures were collected." in html


def test_a_file_too_large_is_refused_with_its_size(admin_client, petition, settings):
    settings.PETITION_IMPORT_MAX_MB = 0
    html = upload(admin_client, petition, GOOD).content.decode()
    assert "the most one upload takes is 0" in html
    assert not SignatureImport.objects.exists()


def test_excel_csv_with_a_byte_order_mark_and_other_headings(petition):
    text = "\ufeffFull name;x\n"  # not our columns: refused
    with pytest.raises(ImportFileError):
        run_import(petition, text)
    text = "\ufeffName,Email address,Country,Date signed,Wants updates,Notes\r\n"
    text += 'Ann,ann@example.org,gb,2019-05-31,Yes,"met at the stall,\r\nsigned twice"\r\n'
    batch = run_import(petition, text)
    assert batch.imported == 1
    assert Signature.objects.get().country == "GB"


# --- Rows with errors, and duplicates --------------------------------------------------


def test_bad_rows_are_skipped_and_reported_by_line(admin_client, petition, committed):
    text = (
        HEADER
        + "Ann,ann@example.org,GB,2019-05-31,yes\n"  # line 2: fine
        + "Bad Date,bd@example.org,GB,31/02/2019,yes\n"  # 3
        + '"Multi\nline",ml@example.org,GB,2019-01-01,no\n'  # 4-5: fine, spans two lines
        + "Bad Email,not-an-address,GB,2019-01-01,no\n"  # 6
        + "Narnian,n@example.org,Narnia,2019-01-01,no\n"  # 7
        + "Maybe,m@example.org,GB,2019-01-01,perhaps\n"  # 8
        + "Future,f@example.org,GB,2999-01-01,no\n"  # 9
        + "No Date,nd@example.org,GB,,no\n"  # 10
        + "No Email,,GB,2019-01-01,no\n"  # 11
        + "Short row,short@example.org\n"  # 12: missing cells
        + "Typo,typo@example.org,UK,0019-01-01,no\n"  # 13: a year mistyped
    )
    with committed():
        response = upload(admin_client, petition, text)
    batch = SignatureImport.objects.get()
    assert (batch.rows, batch.imported, batch.invalid) == (11, 2, 9)
    assert [line for line, _message in batch.errors] == [3, 6, 7, 8, 9, 10, 11, 12, 13]
    html = admin_client.get(response["Location"]).content.decode()
    assert "Line 3: the signed date “31/02/2019” is not a date" in html
    assert "Line 6: the email address is not valid." in html
    assert "not-an-address" not in html  # an email is never repeated back
    assert "Line 7: unknown country “Narnia”" in html
    assert "Line 8: consent must be yes or no, not “perhaps”." in html
    assert "Line 9: the signed date “2999-01-01” is in the future." in html
    assert "Line 10: no signed date." in html
    assert "Line 11: no email address." in html
    assert "Line 12: no signed date." in html
    assert "Line 13: the signed date “0019-01-01” is before 1990." in html  # UK is fine
    assert set(Signature.objects.values_list("email", flat=True)) == {
        "ann@example.org",
        "ml@example.org",
    }


def test_duplicates_by_normalised_address_are_skipped_and_reported(petition):
    services.signature_create(
        petition=petition, name="Live", email="Ann+site@Example.org", ip="203.0.113.9"
    )
    text = (
        HEADER
        + "Ann,ann@example.org,GB,2019-05-31,yes\n"  # 2: signed here already
        + "Bo,bo@example.org,GB,2019-05-31,yes\n"  # 3
        + "Bo again,BO@example.org ,GB,2019-06-01,no\n"  # 4: twice in the file
    )
    batch = run_import(petition, text)
    assert (batch.imported, batch.duplicates, batch.duplicate_lines) == (1, 2, [2, 4])
    # The live signature is untouched, and the same file again imports nothing.
    assert Signature.objects.get(email_key="ann@example.org").name == "Live"
    again = run_import(petition, text)
    assert (again.imported, again.duplicates) == (0, 3)
    assert Signature.objects.count() == 2


def test_the_result_page_while_importing_and_after(admin_client, petition, settings):
    settings.PETITION_IMPORT_CHUNK_ROWS = 1
    batch = signature_import_start(
        petition=petition, source="Paper", upload=io.BytesIO(GOOD.encode())
    )  # staged, its task not run yet
    url = f"/admin/petitions/imports/{batch.pk}/"
    html = admin_client.get(url).content.decode()
    assert 'data-import-state="importing"' in html and "0 of 3 rows done" in html
    signature_import_run(batch_id=batch.pk)
    assert 'data-import-state="finished"' in admin_client.get(url).content.decode()


# --- Scale: bounded queries and memory per chunk ---------------------------------------


def rows_csv(n: int, start: int = 0) -> str:
    lines = [HEADER]
    lines += [f"Signer {i},s{i}@example.org,GB,2019-01-01,no\n" for i in range(start, start + n)]
    return "".join(lines)


def import_queries(petition, n: int, start: int) -> int:
    batch = signature_import_start(
        petition=petition, source="Paper", upload=io.BytesIO(rows_csv(n, start).encode())
    )
    with CaptureQueriesContext(connection) as captured:
        signature_import_run(batch_id=batch.pk)
    return len(captured)


def test_the_import_costs_the_same_few_queries_per_chunk(petition, settings):
    settings.PETITION_IMPORT_CHUNK_ROWS = 10
    import_queries(petition, 5, 1000)  # the first import stores its consent wordings
    two, four, eight = (
        import_queries(petition, 20, 0),
        import_queries(petition, 40, 100),
        import_queries(petition, 80, 200),
    )
    per_chunk = (four - two) / 2
    # Take the chunk, lock the batch, find duplicates, insert, count, delete the chunk;
    # inside the test's own transaction each chunk's transaction adds a savepoint pair.
    assert per_chunk <= 8
    assert eight - four == 4 * per_chunk
    assert Signature.objects.count() == 145


def test_memory_does_not_grow_with_the_file(petition, settings):
    settings.PETITION_IMPORT_CHUNK_ROWS = 100

    def peak(n: int, start: int) -> int:
        data = io.BytesIO(rows_csv(n, start).encode())
        tracemalloc.start()
        batch = signature_import_start(petition=petition, source="Paper", upload=data)
        signature_import_run(batch_id=batch.pk)
        _, highest = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return highest

    peak(200, 0)  # warm up: imports, wordings
    small, large = peak(500, 10_000), peak(4000, 20_000)
    assert large < small * 2, (small, large)


# --- The baseline and the switch -------------------------------------------------------


def test_the_baseline_and_imported_rows_count_when_the_petition_includes_them(client, petition):
    SignatureFactory(petition=petition, email="live@example.org", country="DE")
    run_import(petition, GOOD)
    petition.earlier_signatures = 96_000
    petition.earlier_signatures_note = "Collected on paper and on the earlier site, 2013–2024"
    petition.save_revision().publish()
    tally = petition_count_refresh(petition.pk)
    assert (tally.total, tally.earlier) == (96_004, 96_003)
    # The recorded number has no country; the imported rows have theirs.
    assert tally.by_country == {"DE": 1, "GB": 1, "FR": 1, "": 1}
    page = client.get(petition.url).content.decode()
    assert "96,004" in page
    assert (
        "Including 96,003 collected before this site (Collected on paper and on the earlier "
        "site, 2013–2024)" in page
    )
    assert json.loads(client.get(petition.count_json_url()).content)["count"] == 96_004


def test_switching_earlier_signatures_off_leaves_them_out_everywhere(client, petition, capsys):
    SignatureFactory(petition=petition, email="live@example.org")
    run_import(petition, GOOD)
    petition.earlier_signatures = 500
    petition.include_earlier_signatures = False
    petition.save_revision().publish()
    tally = petition_count_refresh(petition.pk)
    assert (tally.total, tally.earlier, tally.by_country) == (1, 0, {"GB": 1})
    assert "collected before this site" not in client.get(petition.url).content.decode()
    count = json.loads(client.get(petition.count_json_url()).content)
    assert (count["count"], count["earlier"]) == (1, 0)
    assert "<strong>1</strong>" in client.get(petition.widget_url()).content.decode()
    call_command("petition_count_reconcile", "--check")
    assert f"{petition.title}: 1 — exact." in capsys.readouterr().out


def test_publishing_a_changed_baseline_refreshes_the_count(petition, committed):
    petition_count_refresh(petition.pk)
    petition.earlier_signatures = 1200
    with committed():
        petition.save_revision().publish()
    cache.clear()
    assert petition_tally(petition.pk).total == 1200


def test_reconcile_understands_earlier_signatures(petition, capsys):
    run_import(petition, GOOD)
    petition.earlier_signatures = 96_000
    petition.save_revision().publish()
    petition_count_refresh(petition.pk)
    call_command("petition_count_reconcile", "--check")
    out = capsys.readouterr().out
    assert f"{petition.title}: 96003 (96003 collected before this site) — exact." in out
    assert count_from_rows(petition.pk).total == petition_tally(petition.pk).total


# --- Personal data ---------------------------------------------------------------------


def test_imported_signatures_are_exported_as_imported_and_erased(petition, capsys):
    run_import(petition, GOOD, source="The earlier site, 2016–2024")
    petition_count_refresh(petition.pk)
    exported = personal_data_export(email="ANN@example.org")["petitions"]
    assert len(exported) == 1
    assert exported[0]["imported"] is True
    assert exported[0]["imported_from"]["source"] == "The earlier site, 2016–2024"
    assert "The earlier site, 2016–2024" in exported[0]["consent"]["text"]
    assert exported[0]["signed_at"].date() == datetime.date(2015, 3, 2)

    call_command("personal_data", "export", "ann@example.org")
    assert '"imported": true' in capsys.readouterr().out

    before = count_from_rows(petition.pk)
    assert (
        "1 petition signature(s) anonymised"
        in personal_data_erase(email="ann@example.org")["petitions"]
    )
    row = Signature.objects.get(imported_from__isnull=False, erased_at__isnull=False)
    assert (row.name, row.email) == ("", "")
    assert personal_data_export(email="ann@example.org")["petitions"] == []
    after = count_from_rows(petition.pk)
    assert (after.total, after.by_country) == (before.total, before.by_country)


# --- What editors see ------------------------------------------------------------------


def test_the_signatures_list_marks_and_filters_imported_signatures(admin_client, petition):
    SignatureFactory(petition=petition, name="Signed Here", email="here@example.org")
    run_import(petition, GOOD, source="Paper forms")
    listing = admin_client.get("/admin/petitions/signatures/").content.decode()
    assert "Paper forms" in listing
    imported = admin_client.get("/admin/petitions/signatures/?imported=true").content.decode()
    assert "Ann Paper" in imported and "Signed Here" not in imported
    signed_here = admin_client.get("/admin/petitions/signatures/?imported=false").content.decode()
    assert "Signed Here" in signed_here and "Ann Paper" not in signed_here
    batch = SignatureImport.objects.get()
    by_batch = admin_client.get(f"/admin/petitions/signatures/?imported_from={batch.pk}")
    assert "Bo Earlier" in by_batch.content.decode()


def test_the_report_shows_the_baseline_the_imports_and_the_switch(admin_client, petition):
    run_import(petition, GOOD, source="Paper forms")
    petition.earlier_signatures = 96_000
    petition.earlier_signatures_note = "Counted on paper"
    petition.save_revision().publish()
    petition_count_refresh(petition.pk)
    html = admin_client.get(f"/admin/petitions/{petition.pk}/").content.decode()
    assert 'data-total="imported">3<' in html
    assert 'data-total="baseline">96000<' in html
    assert "Recorded number: <strong>96000</strong> (Counted on paper)" in html
    assert 'data-earlier-switch="on"' in html
    assert "The public count includes them: 96003 of its 96003." in html
    assert import_url(petition) in html


def test_only_editors_who_may_add_imports_may_import(client, django_user_model, petition):
    moderator = django_user_model.objects.create_user(email="mod@example.org", password="x")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    # Wagtail answers a refusal in the admin by sending the editor to its home page.
    assert client.get(import_url(petition))["Location"] == "/admin/"
    assert upload(client, petition, GOOD)["Location"] == "/admin/"
    assert not SignatureImport.objects.exists()
    # The report they may read offers no import.
    report = client.get(f"/admin/petitions/{petition.pk}/").content.decode()
    assert import_url(petition) not in report


def test_rows_of_an_import_under_way_are_exported_and_erased_before_they_are_imported(
    petition, settings
):
    settings.PETITION_IMPORT_CHUNK_ROWS = 2
    batch = signature_import_start(
        petition=petition, source="Paper forms", upload=io.BytesIO(GOOD.encode())
    )  # staged; its task has not run
    exported = personal_data_export(email="Bo@Example.org")["petitions"]
    assert [(row["email"], row["status"]) for row in exported] == [
        ("bo@example.org", "Waiting to be imported")
    ]
    assert exported[0]["imported_from"]["source"] == "Paper forms"
    assert (
        "1 row(s) of an import under way removed"
        in personal_data_erase(email="bo@example.org")["petitions"]
    )
    batch = signature_import_run(batch_id=batch.pk)
    assert (batch.rows, batch.imported) == (2, 2)
    assert not Signature.objects.filter(email="bo@example.org").exists()
    assert personal_data_export(email="bo@example.org")["petitions"] == []


def test_a_petition_with_imported_signatures_can_be_deleted(petition):
    run_import(petition, GOOD)
    petition.delete()
    assert not Signature.objects.exists() and not SignatureImport.objects.exists()
