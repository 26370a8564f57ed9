"""The demo site's supporters: the campaign's list of organisations and the page that shows it.

Safe to run again: organisations already listed are left as they are, and the
page is created only if the site has none.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from demo.classify import guess_organisation
from demo.site import home_child_page_ensure
from supporters.importing import ImportReport, organisations_import, read_rows
from supporters.models import Status, SupportersIndexPage

DEMO_ORGANISATIONS = Path(__file__).with_name("organisations.txt")

INTRO = (
    "These organisations have said publicly that every clinical trial should be registered "
    "and its results reported. Patient groups, professional bodies, universities, funders "
    "and journals from around the world stand behind the campaign."
)
REGISTER_TEXT = (
    "Does your organisation support the campaign? Add its name to the list: registration "
    "takes a few minutes, and a moderator checks each listing before it appears here."
)


def supporters_index_page_ensure() -> SupportersIndexPage | None:
    """The /supporters/ page under the home page, created and published if missing.

    None when the site has no home page yet, or when another page already uses
    the slug 'supporters' (left for an editor to sort out).
    """
    return home_child_page_ensure(
        SupportersIndexPage.objects.all(),
        slug="supporters",
        build=lambda: SupportersIndexPage(
            title="Supporting organisations",
            show_in_menus=True,
            menu_title="Supporters",
            intro=INTRO,
            register_text=REGISTER_TEXT,
        ),
    )


@transaction.atomic
def supporters_demo_load() -> ImportReport:
    """Import the campaign's organisations as approved, guessing country and category from names."""
    supporters_index_page_ensure()
    return organisations_import(
        rows=read_rows(DEMO_ORGANISATIONS),
        status=Status.APPROVED,
        source_name=DEMO_ORGANISATIONS.name,
        guess=guess_organisation,
    )
