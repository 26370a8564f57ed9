"""The tracker's pages in a real browser: at phone width (390 px) nothing pushes the
page sideways (wide tables scroll in their own box), the filters work without
JavaScript, and axe-core finds nothing serious."""

import datetime
from decimal import Decimal

import pytest

from tests.trials.factories import (
    ClassificationFactory,
    SponsorFactory,
    SponsorRecordFactory,
    SponsorSnapshotFactory,
    TrialFactory,
)
from tests.trials.fixtures import fake_rules, tracker

__all__ = ["fake_rules", "tracker"]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def tracker_data(tracker, fake_rules):
    long_name = "Universitätsklinikum Forschungsgemeinschaftsvereinigung Nordrhein-Westfalen"
    sponsor = SponsorFactory(name=long_name, slug="long-sponsor", is_sample=True)
    SponsorRecordFactory(sponsor=sponsor, due=1234, reported=1000, overdue=234)
    for n in range(8):
        SponsorRecordFactory(sponsor=SponsorFactory(name=f"Sponsor {n}"), trend=Decimal(n - 4))
    for n, day in enumerate(["2024-01-01", "2025-01-01", "2026-01-01"]):
        SponsorSnapshotFactory(sponsor=sponsor, taken_on=day, percent_reported=Decimal(50 + 10 * n))
    trial = TrialFactory(
        sponsor=sponsor,
        nct_id="NCT40000001",
        brief_title="A randomised, double-blind, placebo-controlled study " * 3,
        is_sample=True,
        primary_completion_date=datetime.date(2021, 5, 31),
    )
    ClassificationFactory(trial=trial)
    return tracker


@pytest.mark.django_db(transaction=True)
def test_the_tracker_fits_a_phone_and_passes_axe(
    browser, live_server, tracker_data, assert_accessible
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    for path in (
        "/trials/",
        "/trials/sponsors/long-sponsor/",
        "/trials/NCT40000001/",
        "/trials/methodology/",
    ):
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (path, width)
    # The filter form is a plain GET form: choosing a class and pressing Show works
    # without JavaScript.
    page.goto(live_server.url + "/trials/")
    page.select_option("#filter-sort", "name")
    page.get_by_role("button", name="Show").click()
    assert "sort=name" in page.url
    context.close()

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    for path in ("/trials/", "/trials/sponsors/long-sponsor/", "/trials/NCT40000001/"):
        page.goto(live_server.url + path)
        assert_accessible(page, path)
    context.close()
