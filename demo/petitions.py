"""The demo site's petition, at /petition/. Safe to run again."""

from __future__ import annotations

from django.db import transaction

from demo.site import home_child_page_ensure
from petitions.models import PetitionPage

ASK = (
    "Make sure every clinical trial, past and present, is registered before it starts "
    "and has its full results reported within a year of finishing."
)
BODY = (
    "<p>Half of all clinical trials have never reported their results. When results go "
    "missing, doctors, researchers and patients decide without the whole picture, and the "
    "people who volunteered for those trials are let down.</p>"
    "<p>Rules have improved in the UK, the EU and the USA, but they are not enforced "
    "everywhere and they do not cover the trials already done. We ask the governments and "
    "regulators who can change this to require registration and reporting for every trial, "
    "and to check that it happens.</p>"
)
THANK_YOU = (
    "<p>Thank you: your signature now counts. Every name shows the regulators how many people "
    "expect every trial to be registered and every result reported.</p>"
    "<p>Please share the petition with colleagues, friends and family.</p>"
)


@transaction.atomic
def petitions_demo_load() -> PetitionPage | None:
    """The /petition/ page under the home page, created and published if missing."""
    return home_child_page_ensure(
        PetitionPage.objects.filter(slug="petition"),
        slug="petition",
        build=lambda: PetitionPage(
            title="All trials registered, all results reported",
            show_in_menus=True,
            menu_title="Petition",
            ask=ASK,
            addressed_to="Governments and regulators",
            body=BODY,
            goal=100_000,
            thank_you_text=THANK_YOU,
            ask_country=True,
            ask_postcode=True,
            ask_comment=True,
        ),
    )
