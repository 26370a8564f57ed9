"""Importing organisations: both file formats, duplicates, odd input, dry runs, the command."""

import io

import pytest
from django.core.management import CommandError, call_command

from supporters.importing import (
    ImportFileError,
    ImportReport,
    ImportRow,
    organisations_import,
    read_rows,
)
from supporters.models import (
    Category,
    Organisation,
    OrganisationDecision,
    Status,
)
from supporters.services import organisation_create
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

NON_ASCII_NAMES = [
    "Charité – Universitätsmedizin Berlin",
    "Asociación Española de Pediatría de Atención Primaria",
    "HLF Hørselshemmedes Landsforbund",
]


def _read(content: str | bytes) -> list[ImportRow]:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return read_rows(io.BytesIO(data))


def _import(content: str | bytes, **options) -> ImportReport:
    return organisations_import(rows=_read(content), source_name="list.txt", **options)


def _command(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_organisations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- Reading both formats ----------------------------------------------------------


def test_plain_list_with_bom_crlf_blank_lines_and_comments():
    content = "\ufeff# Supporters, March\r\nFirst Org\r\n\r\n   Second  Org   \r\n#Not an org\r\n"

    rows = _read(content)

    assert [(row.line, row.name) for row in rows] == [(2, "First Org"), (4, "Second Org")]


def test_plain_list_from_a_path_and_from_a_text_stream(tmp_path):
    path = tmp_path / "names.txt"
    path.write_text("Alpha Society\nBeta Trust\n", encoding="utf-8")

    assert [row.name for row in read_rows(path)] == ["Alpha Society", "Beta Trust"]
    assert [row.name for row in read_rows(str(path))] == ["Alpha Society", "Beta Trust"]
    assert [row.name for row in read_rows(io.StringIO("\ufeffGamma Group\n"))] == ["Gamma Group"]


def test_plain_list_keeps_commas_and_strips_only_surrounding_quotes():
    rows = _read(
        "Centre for Reviews and Dissemination, University of York\n"
        '"Quoted Whole Name"\n'
        "“Curly Quoted Name”\n"
        'The "Odd" Quote Society\n'
    )

    assert [row.name for row in rows] == [
        "Centre for Reviews and Dissemination, University of York",
        "Quoted Whole Name",
        "Curly Quoted Name",
        'The "Odd" Quote Society',
    ]


def test_csv_is_recognised_by_its_name_column_and_reads_every_column():
    content = (
        "Name,Website,Country,Category,Statement,Contact name,Contact_Email,contact_role\r\n"
        "Alpha Society,https://alpha.example.org,Germany,research,We support it.,Ann,ann@alpha.example.org,Chair\r\n"
    )

    (row,) = _read(content)

    assert row == ImportRow(
        line=2,
        name="Alpha Society",
        website="https://alpha.example.org",
        country="Germany",
        category="research",
        statement="We support it.",
        contact_name="Ann",
        contact_email="ann@alpha.example.org",
        contact_role="Chair",
    )


def test_csv_with_semicolons_and_a_bom():
    rows = _read("\ufeffname;country\nAlpha;FR\nBeta;\n".encode())

    assert [(row.name, row.country) for row in rows] == [("Alpha", "FR"), ("Beta", "")]


def test_csv_odd_quotes():
    content = (
        "name,website\n"
        '"Addison’s Disease ""Self Help"" Group",\n'
        '"Centre for Reviews and Dissemination, University of York",\n'
        'O\'Brien "Trust",\n'
        "Unquoted, comma Society,https://unquoted.example.org\n"
    )

    rows = _read(content)

    assert [row.name for row in rows] == [
        'Addison’s Disease "Self Help" Group',
        "Centre for Reviews and Dissemination, University of York",
        'O\'Brien "Trust"',
        "Unquoted",
    ]
    assert rows[3].problem.startswith("more cells than the header has columns")
    report = organisations_import(rows=rows)
    assert len(report.created) == 3
    assert report.skipped == [("Unquoted", rows[3].problem)]


def test_csv_quote_left_open_is_reported_not_imported():
    content = 'name,website\nFirst Org,\n"Open Quote Society,https://a.example.org\nNext Org,\nLast Org,\n'

    report = _import(content)

    assert report.created == ["First Org"]
    (name, reason) = report.skipped[0]
    assert name == "Open Quote Society,https://a.example.org …"
    assert reason == "the name runs from line 3 to line 5 (a quote left open?)"
    assert Organisation.objects.count() == 1


def test_unreadable_files_raise_a_clear_error(tmp_path):
    with pytest.raises(ImportFileError, match="No such file"):
        read_rows(tmp_path / "missing.csv")
    with pytest.raises(ImportFileError, match="not UTF-8"):
        _read("Café Society\n".encode("latin-1"))
    with pytest.raises(ImportFileError, match="Unknown column.*webiste"):
        _read("name,webiste\nAlpha,https://alpha.example.org\n")


# --- Importing ----------------------------------------------------------------------------


def test_creates_approved_listings_with_their_history_row():
    report = _import("Alpha Society\nBeta Trust\n")

    assert report.created == ["Alpha Society", "Beta Trust"]
    assert set(Organisation.objects.values_list("status", flat=True)) == {Status.APPROVED}
    assert all(organisation.approved_at for organisation in Organisation.objects.all())
    decisions = OrganisationDecision.objects.all()
    assert len(decisions) == 2
    assert {(d.from_status, d.to_status, d.note) for d in decisions} == {
        ("", Status.APPROVED, "Imported from list.txt")
    }


def test_can_create_listings_awaiting_review_but_no_other_status():
    _import("Alpha Society\n", status=Status.AWAITING_REVIEW)

    assert Organisation.objects.get().status == Status.AWAITING_REVIEW
    with pytest.raises(ValueError, match="approved or awaiting review"):
        _import("Beta Trust\n", status=Status.REJECTED)


def test_an_import_awaiting_review_emails_no_moderator_per_listing(
    admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    # The person running the import has its summary; moderators are not sent one
    # email per listing it leaves awaiting review.
    with django_capture_on_commit_callbacks(execute=True):
        _import("Alpha Society\nBeta Trust\n", status=Status.AWAITING_REVIEW)

    assert Organisation.objects.filter(status=Status.AWAITING_REVIEW).count() == 2
    assert mailoutbox == []

    # A listing created one at a time awaiting review does reach them.
    with django_capture_on_commit_callbacks(execute=True):
        organisation_create(name="Gamma Foundation", status=Status.AWAITING_REVIEW)
    assert [message.to for message in mailoutbox] == [[admin_user.email]]


def test_non_ascii_names_are_kept_exactly():
    report = _import("\n".join(NON_ASCII_NAMES))

    assert report.created == NON_ASCII_NAMES
    stored = Organisation.objects.order_by("pk")
    assert [organisation.name for organisation in stored] == NON_ASCII_NAMES
    assert [organisation.slug for organisation in stored] == [
        "charite-universitatsmedizin-berlin",
        "asociacion-espanola-de-pediatria-de-atencion-primaria",
        "hlf-hrselshemmedes-landsforbund",
    ]


def test_decomposed_accents_are_stored_composed():
    decomposed = "Charite\u0301 – Universita\u0308tsmedizin Berlin"

    _import(decomposed)

    assert Organisation.objects.get().name == "Charité – Universitätsmedizin Berlin"


def test_duplicates_within_the_file_are_skipped_with_the_first_line():
    content = (
        "name,website\n"
        "Deutscher Psoriasis Bund e.V. (DPB),\n"
        "Addison’s Disease Self Help Group,\n"
        "Alpha Society,https://www.alpha.example.org/\n"
        "Deutscher Psoriasis Bund,\n"
        "ADDISON'S DISEASE SELF HELP GROUP,\n"
        "Alpha Society of Somewhere Else,http://alpha.example.org/about\n"
        "The Deutscher Psoriasis Bund eV,\n"
    )

    report = _import(content)

    assert report.created == [
        "Deutscher Psoriasis Bund e.V. (DPB)",
        "Addison’s Disease Self Help Group",
        "Alpha Society",
    ]
    assert report.skipped == [
        ("Deutscher Psoriasis Bund", "duplicate of line 2"),
        ("ADDISON'S DISEASE SELF HELP GROUP", "duplicate of line 3"),
        ("Alpha Society of Somewhere Else", "duplicate of line 4"),
        ("The Deutscher Psoriasis Bund eV", "duplicate of line 2"),
    ]
    assert Organisation.objects.count() == 3


def test_a_skipped_row_does_not_hide_a_later_good_one():
    report = _import(
        "name,website\nAlpha Society,not a website\nAlpha Society,https://alpha.example.org\n"
    )

    assert report.created == ["Alpha Society"]
    assert Organisation.objects.get().website == "https://alpha.example.org"


@pytest.mark.parametrize(
    ("existing", "row"),
    [
        ("Deutscher Psoriasis Bund", "Deutscher Psoriasis Bund e.V. (DPB)"),
        (
            "Bundesverband Prostatakrebs Selbsthilfe e. V.",
            "Bundesverband Prostatakrebs Selbsthilfe",
        ),
        ("British HIV Association (BHIVA)", "British HIV Association"),
        ("Addison’s Disease Self Help Group", "Addison's Disease Self Help Group"),
        ("Charité – Universitätsmedizin Berlin", "Charite - Universitatsmedizin Berlin"),
        ("The Pernicious Anaemia Society", "Pernicious Anaemia Society"),
    ],
)
def test_rows_already_listed_under_another_spelling_are_not_listed_twice(existing, row):
    organisation = OrganisationFactory(name=existing)

    report = _import(row)

    assert report.created == []
    assert report.skipped == [(row, f"already listed as {existing}")]
    assert Organisation.objects.get() == organisation


def test_a_row_with_the_same_website_domain_is_already_listed():
    OrganisationFactory(name="Alpha Society", website="https://www.alpha.example.org/")

    report = _import("name,website\nAlpha (new name),http://alpha.example.org/about-us\n")

    assert report.skipped == [("Alpha (new name)", "already listed as Alpha Society")]
    assert Organisation.objects.count() == 1


def test_updates_fill_blank_fields_only_and_never_change_status():
    organisation = OrganisationFactory(
        name="Alpha Society",
        website="",
        country="",
        category="",
        statement="Our own words.",
        status=Status.AWAITING_REVIEW,
        approved_at=None,
    )
    content = (
        "name,website,country,category,statement\n"
        "Alpha Society Ltd,alpha.example.org,United Kingdom,Patient or carers' group,Other words.\n"
    )

    report = _import(content)

    assert report.created == [] and report.skipped == []
    assert report.updated == [
        ("Alpha Society Ltd", "filled in website, country, category (listed as Alpha Society)")
    ]
    organisation.refresh_from_db()
    assert organisation.website == "https://alpha.example.org"
    assert organisation.website_domain == "alpha.example.org"
    assert organisation.country.code == "GB"
    assert organisation.category == Category.PATIENT_GROUP
    assert organisation.statement == "Our own words."
    assert organisation.status == Status.AWAITING_REVIEW
    decision = organisation.decisions.get()
    assert decision.from_status == decision.to_status == Status.AWAITING_REVIEW
    assert "filled in website, country, category" in decision.note


def test_an_unchanged_listing_says_its_status_when_not_public():
    OrganisationFactory(name="Alpha Society", status=Status.WITHDRAWN)

    report = _import("Alpha Society\n")

    assert report.skipped == [("Alpha Society", "already listed as Alpha Society (withdrawn)")]
    assert Organisation.objects.get().status == Status.WITHDRAWN


def test_rows_that_cannot_be_imported_are_skipped_with_their_reason():
    long_name = "A" * 201
    content = (
        "name,website,country,category,contact_email\n"
        "Bad Website Org,ftp://files.example.org,,,\n"
        "Script Website Org,javascript:alert(1),,,\n"
        "Atlantis Org,,Atlantis,,\n"
        "Charity Org,,,charity,\n"
        "Bad Email Org,,,,not-an-email\n"
        ",https://nameless.example.org,,,\n"
        f"{long_name},,,,\n"
        "(ABC),,,,\n"
        "Good Org,https://good.example.org,de,journal,info@good.example.org\n"
    )

    report = _import(content)

    assert report.created == ["Good Org"]
    assert report.skipped == [
        (
            "Bad Website Org",
            "invalid website 'ftp://files.example.org' (an http:// or https:// address)",
        ),
        (
            "Script Website Org",
            "invalid website 'javascript:alert(1)' (an http:// or https:// address)",
        ),
        ("Atlantis Org", "unknown country 'Atlantis'"),
        ("Charity Org", "unknown category 'charity'"),
        ("Bad Email Org", "invalid contact email 'not-an-email'"),
        ("(line 7, no name)", "no name"),
        (long_name, "name longer than 200 characters"),
        ("(ABC)", "name has no words to recognise it by"),
    ]
    good = Organisation.objects.get()
    assert (good.country.code, good.category, good.contact_email) == (
        "DE",
        "journal",
        "info@good.example.org",
    )


@pytest.mark.parametrize(
    ("given", "code"),
    [("gb", "GB"), ("GBR", "GB"), ("UK", "GB"), ("the Netherlands", "NL"), ("Deutschland", None)],
)
def test_countries_by_code_or_english_name(given, code):
    report = _import(f"name,country\nAlpha Society,{given}\n")

    if code is None:
        assert report.skipped == [("Alpha Society", f"unknown country '{given}'")]
    else:
        assert Organisation.objects.get().country.code == code


def _guess(name: str) -> tuple[str, str]:
    """A stand-in for a classifier (the demo passes its own, demo/classify.py)."""
    return {
        "German Clinical Trials Register": ("DE", Category.RESEARCH),
        "Royal College of Psychiatrists": ("GB", Category.PROFESSIONAL_BODY),
    }.get(name, ("", ""))


def test_a_guess_fills_only_what_the_file_leaves_blank():
    content = (
        "name,country,category\n"
        "German Clinical Trials Register,,\n"
        "Royal College of Psychiatrists,IE,\n"
        "Balance – Familienplanungszentrum,,\n"
    )

    _import(content, guess=_guess)

    stored = {o.name: (o.country.code or "", o.category) for o in Organisation.objects.all()}
    assert stored == {
        "German Clinical Trials Register": ("DE", Category.RESEARCH),
        "Royal College of Psychiatrists": ("IE", Category.PROFESSIONAL_BODY),
        "Balance – Familienplanungszentrum": ("", ""),
    }


def test_without_a_guess_blank_fields_stay_blank():
    _import("German Clinical Trials Register\n")

    organisation = Organisation.objects.get()
    assert (organisation.country.code or "", organisation.category) == ("", "")


def test_dry_run_writes_nothing_but_reports_the_same():
    OrganisationFactory(name="Existing Society", website="")
    content = "name,website\nAlpha Society,\nAlpha Society,\nExisting Society,https://existing.example.org\n"

    dry = _import(content, dry_run=True)

    assert Organisation.objects.count() == 1
    assert OrganisationDecision.objects.count() == 0
    assert Organisation.objects.get().website == ""
    assert dry.dry_run
    assert str(dry).startswith("Dry run: nothing was written.")

    real = _import(content)

    assert (dry.created, dry.updated, dry.skipped) == (real.created, real.updated, real.skipped)
    assert not real.dry_run
    assert Organisation.objects.count() == 2


def test_dry_run_on_an_empty_database_leaves_it_empty():
    report = _import("\n".join(NON_ASCII_NAMES), dry_run=True, guess=_guess)

    assert len(report.created) == 3
    assert Organisation.objects.count() == 0
    assert OrganisationDecision.objects.count() == 0


def test_the_import_is_all_or_nothing():
    calls = []

    def fail_on_third_row(row):
        calls.append(row.line)
        if len(calls) == 3:
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        organisations_import(rows=_read("Alpha\nBeta\nGamma\nDelta\n"), progress=fail_on_third_row)

    assert Organisation.objects.count() == 0
    assert OrganisationDecision.objects.count() == 0


def test_progress_is_told_about_every_row():
    seen = []

    organisations_import(rows=_read("Alpha\nAlpha\n\nBeta\n"), progress=seen.append)

    assert [row.line for row in seen] == [1, 2, 4]


def test_report_summary_lists_updates_and_skips():
    report = ImportReport(
        created=["A"], updated=[("B", "filled in website")], skipped=[("C", "duplicate of line 1")]
    )

    assert str(report) == (
        "Created 1, updated 1, skipped 1.\n"
        "Updated:\n  - B: filled in website\n"
        "Skipped:\n  - C: duplicate of line 1"
    )


# --- The command ----------------------------------------------------------------------------


def test_command_imports_and_prints_the_summary(tmp_path):
    path = tmp_path / "supporters.txt"
    path.write_text(
        "German Clinical Trials Register\nAlpha Society\nAlpha Society\n", encoding="utf-8"
    )

    out, _ = _command(str(path))

    assert "Created 2, updated 0, skipped 1." in out
    assert "  - Alpha Society: duplicate of line 2" in out
    assert "Dry run" not in out
    registry = Organisation.objects.get(name="German Clinical Trials Register")
    assert (registry.country.code or "", registry.category) == ("", "")  # nothing guessed
    assert registry.decisions.get().note == "Imported from supporters.txt"


def test_command_dry_run_says_nothing_was_written(tmp_path):
    path = tmp_path / "supporters.csv"
    path.write_text("name,website\nAlpha Society,https://alpha.example.org\n", encoding="utf-8")

    out, _ = _command(str(path), "--dry-run")

    assert "Dry run: nothing was written." in out
    assert "Created 1, updated 0, skipped 0." in out
    assert Organisation.objects.count() == 0
    assert OrganisationDecision.objects.count() == 0


def test_command_status_and_no_guessing(tmp_path):
    """The command imports what the file says: it never guesses a country from a name."""
    path = tmp_path / "supporters.txt"
    path.write_text("German Clinical Trials Register\n", encoding="utf-8")

    _command(str(path), "--status", "awaiting_review")

    organisation = Organisation.objects.get()
    assert organisation.status == Status.AWAITING_REVIEW
    assert (organisation.country.code or "", organisation.category) == ("", "")


def test_command_reports_file_problems_without_a_traceback(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        _command(str(tmp_path / "missing.csv"))

    latin = tmp_path / "latin.txt"
    latin.write_bytes("Café Society\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        _command(str(latin))

    with pytest.raises(CommandError, match="is a folder"):
        _command(str(tmp_path))


def test_command_rejects_an_unknown_status(tmp_path):
    path = tmp_path / "supporters.txt"
    path.write_text("Alpha\n", encoding="utf-8")

    with pytest.raises(CommandError, match="invalid choice"):
        _command(str(path), "--status", "rejected")


def test_command_guesses_only_when_told_with_which_function(tmp_path):
    path = tmp_path / "supporters.txt"
    path.write_text("German Clinical Trials Register\n", encoding="utf-8")

    out, _ = _command(str(path), "--guess", "demo.classify.guess_organisation")

    assert "Created 1, updated 0, skipped 0." in out
    registry = Organisation.objects.get()
    assert registry.country.code == "DE"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("demo.classify.no_such_function", "cannot import 'demo.classify.no_such_function'"),
        ("nowhere", "cannot import 'nowhere'"),
        ("demo.classify.COUNTRY_RULES", "is not a function"),
    ],
)
def test_command_refuses_a_guess_it_cannot_call(tmp_path, path, message):
    names = tmp_path / "supporters.txt"
    names.write_text("Alpha Society\n", encoding="utf-8")

    with pytest.raises(CommandError, match=message):
        _command(str(names), "--guess", path)
    assert not Organisation.objects.exists()
