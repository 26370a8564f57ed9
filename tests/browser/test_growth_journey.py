"""A visitor sees where the petition stands: the next milestone, the ones reached, and
the count over time against the goal, at desktop and phone sizes; the figures behind
the chart open as a table and download as CSV and JSON."""

import csv
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_milestones_and_the_history_chart_on_the_petition_page(
    live_server, browser, tmp_path, width, height
):
    call_command("load_demo_content", "--petition-history", "--no-translations", verbosity=0)
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live_server.url + "/petition/")
        milestones = page.get_by_role("region", name="Milestones")
        expect(milestones).to_contain_text("Next: 100,000 signatures")
        expect(milestones).to_contain_text("10,000 reached")

        chart = page.get_by_role("img", name="Signatures over time")
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box["width"] <= width and box["height"] > 60
        # Nothing on the page scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        chart.scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / f"petition-history-{width}.png"), full_page=True)

        page.get_by_text("The figures by day").click()
        expect(page.locator("[data-history-table] tbody tr").first).to_be_visible()

        csv_url = page.get_by_role("link", name="history.csv").get_attribute("href")
        answer = page.request.get(live_server.url + csv_url)
        assert answer.ok and 'rel="license"' in answer.headers["link"]
        rows = list(csv.DictReader(io.StringIO(answer.text())))
        assert len(rows) > 24 * 27 and int(rows[-1]["total"]) > 10_000
        json_url = page.get_by_role("link", name="history.json").get_attribute("href")
        document = page.request.get(live_server.url + json_url).json()
        assert document["licence"]["name"] == "CC BY 4.0"
        assert len(document["snapshots"]) == len(rows)
    finally:
        context.close()
