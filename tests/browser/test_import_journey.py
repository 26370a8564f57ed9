"""An editor imports the campaign's earlier signatures from a CSV and records the
number collected on paper; the public count includes both, nobody is emailed, and an
imported signer's erasure keeps the count."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from petitions.models import PetitionPage, Signature

PASSWORD = "a-long-passphrase-42"
CSV = (
    "name,email,country,signed_date,consent\n"
    "Ann Paper,ann@example.org,GB,2015-03-02,yes\n"
    "Bo Earlier,bo@example.org,France,02/03/2019,no\n"
    "Bad Date,bad@example.org,GB,31/02/2019,no\n"
)
SIGNERS = {"ann@example.org", "bo@example.org", "bad@example.org"}


def emailed_signers(outbox) -> set[str]:
    """Imported people who were sent anything. The editors may be emailed (the import
    crosses the demo petition's milestones, and they hear of it); the signers never."""
    return {address for message in outbox for address in message.recipients()} & SIGNERS


@pytest.mark.django_db(transaction=True)
def test_import_earlier_signatures_and_see_them_counted(
    live_server, browser, django_user_model, tmp_path
):
    call_command("load_demo_content", "--no-translations", verbosity=0)
    petition = PetitionPage.objects.get(url_path="/home/petition/")
    editor = django_user_model.objects.create_superuser("editor@example.org", PASSWORD)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    upload = tmp_path / "earlier-signatures.csv"
    upload.write_text(CSV)

    admin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    admin.goto(live_server.url + "/admin/")
    admin.get_by_label("Email").fill(editor.email)
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign In").click()
    expect(admin).to_have_url(re.compile(r"/admin/$"))

    # From the petition's report to the import page, and the file uploaded.
    admin.goto(f"{live_server.url}/admin/petitions/{petition.pk}/")
    admin.get_by_role("link", name="Import signatures").click()
    admin.get_by_label("CSV file").set_input_files(upload)
    admin.get_by_label("Where these signatures were collected").fill("Paper forms, 2013–2019")
    admin.get_by_role("button", name="Upload and import").click()
    expect(admin.locator("[data-import-state]")).to_have_text(re.compile("Finished"))
    expect(admin.locator('[data-figure="imported"]')).to_have_text("2")
    expect(admin.locator('[data-figure="invalid"]')).to_have_text("1")
    expect(admin.locator("[data-import-errors]")).to_contain_text(
        "Line 4: the signed date “31/02/2019” is not a date"
    )
    admin.screenshot(path=tmp_path / "import-result-desktop.png", full_page=True)
    admin.set_viewport_size({"width": 390, "height": 844})
    admin.screenshot(path=tmp_path / "import-result-phone.png", full_page=True)
    admin.set_viewport_size({"width": 1280, "height": 900})
    assert not emailed_signers(mail.outbox)

    # The imported signatures are marked in the listing.
    admin.get_by_role("link", name="The imported signatures").click()
    rows = admin.locator("table.listing tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Paper forms, 2013–2019")).to_have_count(2)

    # The number collected on paper, recorded in the petition's settings.
    live = PetitionPage.objects.get(pk=petition.pk)
    live.earlier_signatures = 96_000
    live.earlier_signatures_note = "Counted on paper, 2013–2024"
    live.save_revision().publish()

    visitor = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    visitor.goto(live_server.url + "/petition/")
    expect(visitor.locator("[data-petition-total]").first).to_have_text("96,002")
    expect(visitor.locator("[data-petition-earlier]").first).to_contain_text(
        "Including 96,002 collected before this site"
    )
    visitor.screenshot(path=tmp_path / "petition-with-earlier-phone.png", full_page=True)

    # An imported signer asks to be erased: gone by name, still counted.
    call_command("personal_data", "erase", "ann@example.org", "--yes", stdout=io.StringIO())
    assert Signature.objects.get(imported_from__isnull=False, country="GB").name == ""
    visitor.goto(live_server.url + "/petition/")
    expect(visitor.locator("[data-petition-total]").first).to_have_text("96,002")
    assert not emailed_signers(mail.outbox)
