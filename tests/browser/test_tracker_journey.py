"""A visitor goes from the supporters list to a supporting organisation's trial record:
the list shows the record beside the organisation, its link opens the sponsor's page
(counts, chart, trials), a filter narrows the trials to those that appear overdue, and a
trial's page says in plain words why and what the sponsor can do.

The data is the demo's: the shipped sample studies, imported, mapped and classified by
the real pipeline. The organisation is invented here too, so no real supporter's name
stands beside invented figures."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from core.page_cache import clear_page_cache
from tests.factories import OrganisationFactory
from trials.models import Sponsor, SponsorRecord
from trials.rules import DEFAULT_RULE_SET
from trials.services.sponsors import sponsor_link_organisation


@pytest.mark.django_db(transaction=True)
def test_from_the_supporters_list_to_a_sponsors_record(live_server, browser, settings, screenshot):
    settings.PAGE_CACHE_ENABLED = True
    call_command("load_demo_content", "--no-translations", verbosity=0)
    organisation = OrganisationFactory(
        name="Eastmarch Patients' Research Alliance", statement="Every result, reported."
    )
    sponsor = Sponsor.objects.get(name="University of Eastmarch")
    sponsor_link_organisation(sponsor=sponsor, organisation_id=organisation.pk, user=None)
    clear_page_cache()
    record = SponsorRecord.objects.get(sponsor=sponsor, rule_set=DEFAULT_RULE_SET)
    assert record.due and record.overdue  # the sample data gives this sponsor both

    page = browser.new_context().new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/supporters/?q=Eastmarch")
    entry = page.locator("li.supporter", has_text=organisation.name)
    expect(entry).to_contain_text(f"Reports {record.reported} of {record.due} due trials")
    expect(entry).to_contain_text(f"appears overdue: {record.overdue}")
    expect(entry).to_contain_text("sample data")
    screenshot(page, "tracker-1-supporters-list")

    entry.get_by_role("link", name="University of Eastmarch's trial record").click()
    expect(page).to_have_url(re.compile(r"/trials/sponsors/university-of-eastmarch/$"))
    expect(page.locator("h1")).to_have_text("University of Eastmarch")
    expect(page.locator("main")).to_contain_text("Sample data")
    expect(page.locator("main")).to_contain_text(organisation.name)  # the supporter it is
    chart = page.locator("main svg[role='img']").first
    expect(chart).to_be_visible()
    screenshot(page, "tracker-2-sponsor")

    # Only the trials that appear overdue, with the form a visitor uses.
    page.get_by_label("Status").select_option("overdue")
    page.get_by_role("button", name="Show").last.click()
    expect(page).to_have_url(re.compile(r"status=overdue"))
    trials = page.locator("main table", has=page.locator("a[href*='/trials/NCT']"))
    rows = trials.locator("tbody tr")
    expect(rows.first).to_be_visible()
    expect(trials).to_contain_text("Appears overdue")
    expect(trials).not_to_contain_text("Reported on time")
    screenshot(page, "tracker-3-overdue-trials")

    rows.first.locator("a[href*='/trials/NCT']").first.click()
    expect(page).to_have_url(re.compile(r"/trials/NCT99\d{6}/$"))
    main = page.locator("main")
    expect(main).to_contain_text("Appears overdue")
    expect(main).to_contain_text("What the sponsor can do:")
    expect(main).to_contain_text("does not say that anyone has broken the law")
    expect(main).to_contain_text("This invented record is not on ClinicalTrials.gov")
    screenshot(page, "tracker-4-trial")
