"""The demo site's donate page at /donate/, with GBP, EUR and USD amounts.

Safe to run again: the page is created only if the site has none.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from demo.site import home_child_page_ensure
from donations.models import DonateCurrency, DonatePage

INTRO = (
    "The campaign is independent: it takes no money from companies that run trials. "
    "Your donation pays for the research that tracks unreported trials and for the "
    "people who take the evidence to regulators."
)
THANK_YOU = "Every gift, large or small, keeps the pressure on until every result is reported."


@transaction.atomic
def donations_demo_load() -> DonatePage | None:
    """The /donate/ page under the home page; None when there is no home page or the slug is taken."""
    return home_child_page_ensure(DonatePage.objects.all(), slug="donate", build=_demo_page)


def _demo_page() -> DonatePage:
    page = DonatePage(
        title="Support our work",
        show_in_menus=True,
        menu_title="Donate",
        intro=INTRO,
        thank_you_text=THANK_YOU,
    )
    for order, (code, presets) in enumerate(
        [("GBP", "5, 10, 25, 50"), ("EUR", "5, 10, 25, 50"), ("USD", "10, 25, 50, 100")]
    ):
        page.currencies.add(
            DonateCurrency(
                currency=code,
                presets=presets,
                minimum=Decimal("2"),
                maximum=Decimal("10000"),
                sort_order=order,
            )
        )
    return page
