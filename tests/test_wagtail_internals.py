"""The places where the admin leans on Wagtail's code beyond its documented API, or replaces it.

Each test fails when a Wagtail upgrade changes what we rely on, before an editor
notices: a private method we override that is renamed or takes other arguments,
or a side panel Wagtail stops building the way we replace it.
"""

import inspect

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.views.generic.models import IndexView as GenericIndexView
from wagtail.snippets.side_panels import SnippetStatusSidePanel
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from petitions.admin.bulk_actions import PREVIEW_LIMIT
from supporters.admin.side_panels import OrganisationStatusSidePanel
from supporters.models import Status
from tests.factories import OrganisationFactory, PetitionPageFactory, SignatureFactory

pytestmark = pytest.mark.django_db


# --- `_get_title_column` (petitions and supporters listings) ------------------------------


def test_wagtail_still_builds_the_title_column_with_the_signature_we_override():
    for view in (GenericIndexView, SnippetIndexView):
        parameters = inspect.signature(view._get_title_column).parameters
        kinds = [parameter.kind for parameter in parameters.values()]
        assert inspect.Parameter.VAR_KEYWORD in kinds, view
    generic = inspect.signature(GenericIndexView._get_title_column).parameters
    assert list(generic)[:3] == ["self", "field_name", "column_class"]


def test_the_signatures_title_column_shows_erased_signers_as_erased(client, site_tree, admin_user):
    petition = PetitionPageFactory(parent=site_tree["home"])
    SignatureFactory(petition=petition, name="", email="gone@invalid", erased_at=timezone.now())
    client.force_login(admin_user)
    response = client.get(reverse("petitions_signature:list"))
    title_column = response.context["table"].columns["name"]
    assert title_column.accessor.__name__ == "display_name"
    assert "(erased)" in response.content.decode()


def test_the_organisations_title_column_sorts_a_to_z_by_sort_name(client, admin_user):
    OrganisationFactory(name="The Zebra Trust", status=Status.APPROVED)
    OrganisationFactory(name="Aardvark Aid", status=Status.APPROVED)
    client.force_login(admin_user)
    response = client.get(reverse("supporters_organisation:list"), {"ordering": "sort_name"})
    assert response.context["table"].columns["name"].sort_key == "sort_name"
    page = response.content.decode()
    assert page.index("Aardvark Aid") < page.index("The Zebra Trust")


# --- The status side panel on a listing's add and edit pages ------------------------------


@pytest.mark.parametrize("page", ["add", "edit"])
def test_listing_pages_show_our_status_panel_in_place_of_wagtails(client, admin_user, page):
    client.force_login(admin_user)
    if page == "add":
        url = reverse("supporters_organisation:add")
    else:
        url = reverse("supporters_organisation:edit", args=[OrganisationFactory().pk])
    response = client.get(url)
    assert response.status_code == 200
    panel_types = [type(panel) for panel in response.context["side_panels"]]
    assert OrganisationStatusSidePanel in panel_types
    assert SnippetStatusSidePanel not in panel_types


# --- The bulk review's confirmation page (petitions) -------------------------------------


def test_the_confirmation_page_names_only_the_first_rows_and_counts_the_rest(
    client, site_tree, admin_user
):
    petition = PetitionPageFactory(parent=site_tree["home"])
    signatures = SignatureFactory.create_batch(PREVIEW_LIMIT + 3, petition=petition, flagged=True)
    client.force_login(admin_user)
    url = reverse("wagtail_bulk_action", args=["petitions", "signature", "accept"])
    response = client.get(url, {"id": [signature.pk for signature in signatures]})
    assert response.status_code == 200
    assert len(response.context["items"]) == PREVIEW_LIMIT
    assert response.context["applicable_count"] == PREVIEW_LIMIT + 3
    assert response.context["not_shown_count"] == 3
    assert response.context["not_applicable_count"] == 0
